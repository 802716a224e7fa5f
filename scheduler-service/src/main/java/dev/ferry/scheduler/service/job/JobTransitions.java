package dev.ferry.scheduler.service.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.scheduler.config.WaveConfig;
import dev.ferry.scheduler.messaging.ConversionCommands;
import dev.ferry.scheduler.messaging.WaveEventPublisher;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.JobAttempt;
import dev.ferry.scheduler.model.JobStep;
import dev.ferry.scheduler.model.JobTransition;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.SchedulingNeeded;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Sort;

/**
 * The one place a job changes state: checks the change is allowed ({@link JobState#next()}), records it with time,
 * reason and attempt, publishes it on the wave events topic, and sends the workers what the change implies (a
 * conversion request on dispatch, a cancel when a running job is stopped). Callers hold the job's row lock.
 */
@ApplicationScoped
public class JobTransitions {

    @Inject
    WaveEventPublisher events;

    @Inject
    ConversionCommands commands;

    @Inject
    WaveConfig config;

    @Inject
    Event<SchedulingNeeded> schedulingNeeded;

    @Inject
    MeterRegistry metrics;

    /**
     * A new job and its first state.
     *
     * @param job the job, not stored yet
     * @param state its first state
     * @param reason why it starts in that state
     */
    public record FirstState(Job job, JobState state, String reason) {
    }

    /**
     * Stores new jobs in their first states and records those states; no event is published (the wave's creation
     * announces its jobs). The jobs are written first, then their transitions, so that each kind of row goes to
     * PostgreSQL in batches.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void created(List<FirstState> created, Instant at) {
        for (FirstState first : created) {
            first.job().state = first.state();
            first.job().stateChangedAt = at;
            first.job().persist();
        }
        created.forEach(first -> record(first.job(), null, first.reason(), at));
    }

    /**
     * Moves {@code job} to {@code target}.
     *
     * @throws ProblemException (409) when the job's state does not allow it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(Job job, JobState target, String reason) {
        if (!job.state.canMoveTo(target)) {
            throw ProblemException.conflict("job " + job.id + " (" + job.machineName + ") is " + job.state
                    + " and cannot become " + target + "; from " + job.state + " it can become "
                    + (job.state.next().isEmpty() ? "nothing else" : job.state.next()));
        }
        JobState from = job.state;
        Instant now = Instant.now();
        job.state = target;
        job.stateChangedAt = now;
        if (!target.awaitsWorker()) {
            job.leaseExpiresAt = null;
        }
        record(job, from, reason, now);
        events.jobChanged(job, from, reason, now);
        metrics.counter("ferry.scheduler.job.transitions", "to", target.name()).increment();
        schedulingNeeded.fire(new SchedulingNeeded());
    }

    /** Admits a queued job: a new attempt, its conversion request sent, counted in flight until it finishes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dispatch(Job job) {
        int attempt = job.attempt + 1;
        if (attempt > 1) {
            StepTracker.newAttempt(steps(job));
        }
        job.attempt = attempt;
        job.notBefore = null;
        move(job, JobState.DISPATCHED, attempt == 1 ? "admitted" : "admitted for attempt " + attempt);
        JobAttempt row = new JobAttempt();
        row.jobId = job.id;
        row.attempt = attempt;
        row.dispatchedAt = job.stateChangedAt;
        row.persist();
        commands.request(job);
    }

    /** The worker holds the job: its lease runs for the configured duration from now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void renewLease(Job job) {
        job.leaseExpiresAt = Instant.now().plus(config.leaseDuration());
    }

    /**
     * Cancels a job on a person's request: one not dispatched is cancelled at once; one a worker may hold is sent a
     * cancel and counts against the limits until the worker confirms (or its lease lapses).
     *
     * @throws ProblemException (409) when the job has finished or is being cancelled already
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancel(Job job, String reason) {
        switch (job.state) {
            case DISPATCHED, CONVERTING, VERIFYING -> {
                move(job, JobState.CANCELLING, reason + "; waiting for the worker to stop");
                renewLease(job);
                commands.cancel(job, reason, false);
            }
            case CANCELLING -> throw ProblemException.conflict("job " + job.id + " (" + job.machineName
                    + ") is being cancelled already; its worker has not confirmed yet");
            // PENDING and QUEUED are cancelled at once; finished states are refused by move.
            default -> move(job, JobState.CANCELLED, reason);
        }
    }

    /** The worker finished the attempt: the job is complete. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completed(Job job, String reason) {
        StepTracker.completed(steps(job), Instant.now());
        endAttempt(job, AttemptOutcome.COMPLETED, reason);
        job.lastError = null;
        move(job, JobState.COMPLETED, reason);
    }

    /**
     * The current attempt ended without completing: a job being cancelled is cancelled; otherwise it is queued again
     * after the back-off when the failure is retryable and the wave's retry policy allows another attempt, and failed
     * for good when not.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void attemptEnded(Job job, Wave wave, AttemptOutcome outcome, String message, boolean retryable) {
        Instant now = Instant.now();
        StepTracker.failed(steps(job), message, now);
        endAttempt(job, outcome, message);
        String what = "attempt " + job.attempt + " " + outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (message == null || message.isBlank() ? "" : ": " + message);
        if (outcome != AttemptOutcome.CANCELLED) {
            job.lastError = what;
        }
        if (job.state == JobState.CANCELLING) {
            move(job, JobState.CANCELLED, what);
            return;
        }
        if (outcome == AttemptOutcome.CANCELLED) {
            move(job, JobState.CANCELLED, what);
            return;
        }
        RetryPolicy policy = RetryPolicy.of(wave);
        int used = job.attempt - job.retryBase;
        if (retryable && policy.allowsAnotherAfter(used)) {
            Duration delay = policy.delayBefore(used);
            job.notBefore = now.plus(delay);
            move(job, JobState.QUEUED, what + "; attempt " + (used + 1) + " of " + policy.attempts() + " after "
                    + delay.toSeconds() + " s");
        } else {
            move(job, JobState.FAILED, what + (retryable ? "; no attempts left (" + policy.attempts() + " made)"
                    : "; not retryable"));
        }
    }

    /**
     * Queues a failed or cancelled job again, with the full retry policy before it (its earlier attempts no longer
     * count): queued when its wave has started (running or paused), pending until it starts otherwise.
     *
     * @throws ProblemException (409) for a job that completed, is blocked, or has not finished (the refusal says why)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retry(Job job, boolean waveStarted, String reason) {
        if (job.state == JobState.COMPLETED) {
            throw ProblemException.conflict("job " + job.id + " (" + job.machineName + ") completed; a machine is "
                    + "never migrated twice in one wave");
        }
        if (job.state == JobState.BLOCKED) {
            throw ProblemException.conflict("job " + job.id + " (" + job.machineName + ") is blocked: its machine "
                    + "has blockers for the wave's target profile");
        }
        JobState target = waveStarted ? JobState.QUEUED : JobState.PENDING;
        job.retryBase = job.attempt;
        job.notBefore = null;
        move(job, target, reason);
    }

    /** The job's itinerary, in order. */
    public List<JobStep> steps(Job job) {
        return JobStep.list("jobId", Sort.by("position"), job.id);
    }

    private void endAttempt(Job job, AttemptOutcome outcome, String message) {
        JobAttempt row = JobAttempt.findById(attemptKey(job));
        if (row != null && row.outcome == null) {
            row.outcome = outcome;
            row.endedAt = Instant.now();
            row.message = message;
        }
    }

    static JobAttempt.Key attemptKey(Job job) {
        JobAttempt.Key key = new JobAttempt.Key();
        key.jobId = job.id;
        key.attempt = job.attempt;
        return key;
    }

    private static void record(Job job, JobState from, String reason, Instant at) {
        JobTransition.of(job, from, reason, at).persist();
    }
}
