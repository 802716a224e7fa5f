package dev.ferry.conversion.service.job;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.ferry.conversion.messaging.ProgressSender;
import dev.ferry.conversion.service.WorkerIdentity;
import dev.ferry.conversion.service.claim.AttemptClaims;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionUpdate;
import io.quarkus.scheduler.Scheduled;

/**
 * Every heartbeat interval, for each running job: renews its claim (stopping it when another worker took it, a newer
 * attempt exists or it was cancelled) and sends a job-wide PROGRESS event, even when the job makes no progress, which
 * renews the scheduler's lease.
 */
@ApplicationScoped
public class Heartbeats {

    private static final Logger LOG = Logger.getLogger(Heartbeats.class);
    private static final Duration PHASE_ACKNOWLEDGEMENT = Duration.ofSeconds(5);

    @Inject
    RunningJobs running;

    @Inject
    AttemptClaims claims;

    @Inject
    ProgressSender sender;

    @Inject
    WorkerIdentity identity;

    @Scheduled(every = "${ferry.conversion.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void beat() {
        for (RunningJob job : running.claimed()) {
            renew(job);
            report(job);
        }
    }

    /**
     * Reports a change of the job's phase and waits, a few seconds at most, until Kafka has it: the job's final event
     * goes through the outbox and another producer, and would otherwise overtake a phase as short as writing the
     * definition. Progress stays best effort: a report Kafka does not take in time is given up.
     */
    public void reportPhase(RunningJob job) {
        try {
            report(job).toCompletableFuture().get(PHASE_ACKNOWLEDGEMENT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("job %s: phase %s reported without acknowledgement: %s", job.jobId(), job.phase(),
                    e.getMessage());
        }
    }

    /** Sends the job-wide PROGRESS event: the job's phase and its bytes over all disks; completes when Kafka has it. */
    private CompletionStage<Void> report(RunningJob job) {
        return sender.send(EventTypes.CONVERSION_PROGRESS, new ConversionUpdate(job.jobId(), job.attempt(), identity.id(),
                null, job.bytesDone(), job.bytesTotal(), job.bytesPerSecond(), null, false, null, null, job.phase()));
    }

    /** Renews the job's claim and stops the job when it must stop. */
    public void renew(RunningJob job) {
        if (job.stopping() || job.phase() == ConversionUpdate.Phase.DONE) {
            return;
        }
        try {
            StopReason reason = claims.heartbeat(job.jobId(), job.attempt());
            if (reason != null) {
                LOG.infof("job %s attempt %d stops: %s", job.jobId(), job.attempt(), reason);
                job.stop(reason);
            }
        } catch (RuntimeException e) {
            // The database is briefly unreachable: the claim goes stale only after several missed heartbeats.
            LOG.warnf("could not renew the claim of job %s attempt %d: %s", job.jobId(), job.attempt(),
                    e.getMessage());
        }
    }
}
