package dev.ferry.scheduler.service.job;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.ferry.scheduler.config.WaveConfig;
import dev.ferry.scheduler.messaging.ConversionCommands;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.Wave;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Takes jobs back from workers that went silent: a job whose lease lapsed counts as a failed attempt with a retryable
 * reason (so the wave's retry policy and back-off decide what follows), and its old attempt is told to stop while
 * keeping its checkpoints, from which the next attempt resumes. A job being cancelled whose worker never confirmed is
 * cancelled. Jobs another replica is sweeping are skipped.
 */
@ApplicationScoped
public class LeaseSweeper {

    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);
    private static final int BATCH = 100;

    @Inject
    EntityManager entityManager;

    @Inject
    JobTransitions transitions;

    @Inject
    ConversionCommands commands;

    @Inject
    WaveConfig config;

    @Scheduled(every = "${ferry.scheduler.lease-check-interval}", delayed = "${ferry.scheduler.lease-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onTimer() {
        try {
            int swept;
            do {
                swept = QuarkusTransaction.requiringNew().call(this::sweep);
            } while (swept == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("lease sweep failed, the next one retries: %s", e.toString());
        }
    }

    /** Handles up to {@value #BATCH} jobs whose lease lapsed; returns how many. */
    @SuppressWarnings("unchecked")
    int sweep() {
        List<Job> lapsed = entityManager.createNativeQuery("select * from {h-schema}job where state in "
                + "('CONVERTING', 'VERIFYING', 'CANCELLING') and lease_expires_at < ?1 order by lease_expires_at "
                + "limit " + BATCH + " for update skip locked", Job.class)
                .setParameter(1, Instant.now()).getResultList();
        for (Job job : lapsed) {
            String reason = "no word from its worker for " + config.leaseDuration().toSeconds()
                    + " s (lease lapsed at " + job.leaseExpiresAt + ")";
            LOG.infof("job %s (%s) attempt %d: %s", job.id, job.machineName, job.attempt, reason);
            if (job.state != JobState.CANCELLING) {
                commands.cancel(job, reason + "; a new attempt resumes from the checkpoints", true);
            }
            transitions.attemptEnded(job, Wave.findById(job.waveId), AttemptOutcome.LEASE_LAPSED, reason, true);
        }
        return lapsed.size();
    }
}
