package dev.ferry.scheduler.service.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.events.MalformedEventException;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.messaging.EventHandlers;
import dev.ferry.messaging.Inbox;
import dev.ferry.scheduler.messaging.ConversionCommands;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.JobAttempt;
import dev.ferry.scheduler.model.JobDisk;
import dev.ferry.scheduler.model.JobStep;
import dev.ferry.scheduler.model.JsonColumns;
import dev.ferry.scheduler.model.Wave;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Advances jobs on what their workers report. Updates of an attempt other than the job's current one are ignored, and
 * so are updates for a job no worker is expected to report on.
 *
 * <p>
 * Events that change a job's state (started, checkpoint, completed, failed, cancelled) pass the inbox, so one
 * delivered twice changes nothing. Progress events, hundreds a second, do not: they are applied idempotently instead
 * (a disk keeps the newest report of the current attempt by event time; an older or repeated one changes nothing; the
 * steps and state they move only ever move forward), which saves an inbox row per event.
 */
@ApplicationScoped
public class ConversionEventHandler {

    /** The consumer's name in the inbox. */
    public static final String CONSUMER = "scheduler-conversion-events";

    private static final Logger LOG = Logger.getLogger(ConversionEventHandler.class);

    @Inject
    Inbox inbox;

    @Inject
    JobTransitions transitions;

    @Inject
    ConversionCommands commands;

    @Inject
    MeterRegistry metrics;

    private EventHandlers handlers;
    private Timer delay;

    @PostConstruct
    void init() {
        handlers = new EventHandlers()
                .on(EventTypes.CONVERSION_STARTED, this::started)
                .on(EventTypes.CONVERSION_CHECKPOINT, (envelope, update) -> report(envelope, update, true))
                .on(EventTypes.CONVERSION_COMPLETED, this::completed)
                .on(EventTypes.CONVERSION_FAILED, this::failed)
                .on(EventTypes.CONVERSION_CANCELLED, this::cancelled);
        delay = Timer.builder("ferry.scheduler.conversion.event.delay")
                .description("Time from a worker's event to the scheduler applying it")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    /** Applies one record of the conversion events topic within the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(String json) {
        if (json == null) {
            return;
        }
        EventEnvelope envelope;
        try {
            envelope = EventCodec.decode(json);
        } catch (MalformedEventException e) {
            LOG.warnf("skipped an unreadable conversion event: %s", e.getMessage());
            metrics.counter("ferry.events.rejected", "consumer", CONSUMER).increment();
            return;
        }
        if (envelope.time() != null) {
            delay.record(Duration.between(envelope.time(), Instant.now()));
        }
        if (EventTypes.CONVERSION_PROGRESS.name().equals(envelope.type())) {
            try {
                report(envelope, EventCodec.data(envelope, EventTypes.CONVERSION_PROGRESS), false);
            } catch (MalformedEventException e) {
                LOG.warnf("skipped an unreadable progress event: %s", e.getMessage());
                metrics.counter("ferry.events.rejected", "consumer", CONSUMER).increment();
            }
            return;
        }
        inbox.receive(CONSUMER, json, handlers);
    }

    private void started(EventEnvelope envelope, ConversionUpdate update) {
        Job job = current(update);
        if (job == null) {
            return;
        }
        JobAttempt attempt = JobAttempt.findById(JobTransitions.attemptKey(job));
        if (attempt != null) {
            attempt.workerId = update.workerId();
            if (attempt.startedAt == null) {
                attempt.startedAt = time(envelope);
            }
        }
        if (job.state == JobState.CANCELLED) {
            // A worker that did not hear the cancel (it was down) took the request: tell it again.
            commands.cancel(job, "the job was cancelled before a worker started it", false);
            return;
        }
        if (!job.state.awaitsWorker()) {
            return;
        }
        if (job.state == JobState.DISPATCHED) {
            transitions.move(job, JobState.CONVERTING, update.message() != null ? update.message()
                    : "started by worker " + update.workerId());
        }
        transitions.renewLease(job);
        StepTracker.reached(transitions.steps(job), null, update.phase() == null ? Phase.VALIDATING : update.phase(),
                time(envelope));
    }

    private void report(EventEnvelope envelope, ConversionUpdate update, boolean checkpoint) {
        Job job = current(update);
        if (job == null || !job.state.awaitsWorker()) {
            return;
        }
        if (job.state == JobState.DISPATCHED) {
            transitions.move(job, JobState.CONVERTING, "worker " + update.workerId() + " reports progress");
        }
        transitions.renewLease(job);
        Instant at = time(envelope);
        if (update.diskKey() != null && !applyToDisk(job, update, at, checkpoint)) {
            return;
        }
        List<JobStep> steps = transitions.steps(job);
        StepTracker.reached(steps, update.diskKey(), phaseOf(update), at);
        boolean jobVerifies = update.diskKey() == null && update.phase() != null
                && (update.phase() == Phase.VERIFYING || update.phase() == Phase.WRITING_DEFINITION);
        if (job.state == JobState.CONVERTING && (jobVerifies || StepTracker.disksConverted(steps))) {
            transitions.move(job, JobState.VERIFYING, "every disk is converted; verifying and writing the definition");
        }
    }

    /**
     * The phase an update shows: a disk whose every byte is converted is being verified next, whether or not the
     * worker reports that phase for it.
     */
    private static Phase phaseOf(ConversionUpdate update) {
        boolean copied = update.diskKey() != null && update.bytesTotal() > 0
                && update.bytesDone() >= update.bytesTotal();
        return copied && update.phase() == Phase.CONVERTING ? Phase.VERIFYING : update.phase();
    }

    /** Applies a disk's figures unless a newer report of this attempt is there; false when it was not applied. */
    private static boolean applyToDisk(Job job, ConversionUpdate update, Instant at, boolean checkpoint) {
        JobDisk disk = JobDisk.findById(diskKey(job.id, update.diskKey()));
        if (disk == null) {
            return false;
        }
        if (disk.attempt == update.attempt() && disk.reportedAt != null && at.isBefore(disk.reportedAt)) {
            return false;
        }
        disk.attempt = update.attempt();
        disk.reportedAt = at;
        // A disk being verified (or verified) is copied to its last byte; the bytes the worker reports then are those
        // of the target read back, which are no copy progress and would move the wave's figures backwards.
        boolean copied = update.phase() == Phase.VERIFYING || update.phase() == Phase.DONE;
        long done = copied && disk.bytesTotal > 0 ? disk.bytesTotal : update.bytesDone();
        disk.bytesDone = Math.max(0, disk.bytesTotal > 0 ? Math.min(done, disk.bytesTotal) : done);
        disk.bytesPerSecond = Math.max(0, update.bytesPerSecond());
        if (update.phase() != null && update.phase() != Phase.UNKNOWN) {
            disk.phase = update.phase();
        }
        if (checkpoint) {
            disk.checkpointBytes = Math.max(disk.checkpointBytes, disk.bytesDone);
        }
        return true;
    }

    private void completed(EventEnvelope envelope, ConversionUpdate update) {
        Job job = current(update);
        if (job == null || !job.state.awaitsWorker()) {
            return;
        }
        List<JobDisk> disks = JobDisk.list("jobId", job.id);
        for (JobDisk disk : disks) {
            disk.bytesDone = disk.bytesTotal;
            disk.bytesPerSecond = 0;
            disk.phase = Phase.DONE;
            disk.attempt = job.attempt;
            disk.reportedAt = time(envelope);
        }
        if (update.disks() != null) {
            for (DiskResult result : update.disks()) {
                disks.stream().filter(disk -> disk.diskKey.equals(result.diskKey())).findFirst().ifPresent(disk -> {
                    disk.fileName = result.fileName();
                    disk.targetFormat = result.format();
                    disk.fileSize = result.fileSize();
                    disk.digest = result.digest();
                });
            }
        }
        job.definitionFiles = update.definitionFiles() == null ? null : JsonColumns.write(update.definitionFiles());
        transitions.completed(job, "completed by worker " + update.workerId() + ": " + disks.size()
                + " disk(s) converted and verified");
    }

    private void failed(EventEnvelope envelope, ConversionUpdate update) {
        Job job = current(update);
        if (job != null && job.state.awaitsWorker()) {
            transitions.attemptEnded(job, Wave.findById(job.waveId), AttemptOutcome.FAILED,
                    "worker " + update.workerId() + ": " + update.message(), update.retryable());
        }
    }

    private void cancelled(EventEnvelope envelope, ConversionUpdate update) {
        Job job = current(update);
        if (job != null && job.state.awaitsWorker()) {
            transitions.attemptEnded(job, Wave.findById(job.waveId), AttemptOutcome.CANCELLED,
                    update.message() != null ? update.message() : "worker " + update.workerId() + " stopped it",
                    false);
        }
    }

    /** The update's job, locked, or null when it is unknown or the update is of another attempt. */
    private Job current(ConversionUpdate update) {
        UUID id;
        try {
            id = UUID.fromString(update.jobId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
        Job job = Job.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            return null;
        }
        if (update.attempt() != job.attempt) {
            metrics.counter("ferry.scheduler.conversion.events.stale").increment();
            LOG.debugf("ignored an update of job %s attempt %d; the job is at attempt %d", job.id, update.attempt(),
                    job.attempt);
            return null;
        }
        return job;
    }

    private static Instant time(EventEnvelope envelope) {
        return envelope.time() != null ? envelope.time() : Instant.now();
    }

    private static JobDisk.Key diskKey(UUID jobId, String diskKey) {
        JobDisk.Key key = new JobDisk.Key();
        key.jobId = jobId;
        key.diskKey = diskKey;
        return key;
    }
}
