package dev.ferry.conversion.service.claim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.model.AttemptState;
import dev.ferry.conversion.model.ConversionAttempt;
import dev.ferry.conversion.model.ConvertedDisk;
import dev.ferry.conversion.model.JobCancellation;
import dev.ferry.conversion.service.WorkerIdentity;
import dev.ferry.conversion.service.job.StopReason;
import dev.ferry.events.EventCodec;
import dev.ferry.events.EventType;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.messaging.Outbox;

/**
 * The worker-side claim on each attempt, kept in PostgreSQL so that a request delivered twice converts once, a
 * crashed worker's attempt is taken over once its heartbeat goes stale, and a newer attempt stops an older one.
 * Every transition that others must hear of publishes its event through the outbox in the same transaction.
 */
@ApplicationScoped
public class AttemptClaims {

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    WorkerIdentity identity;

    @Inject
    ConversionConfig config;

    /** Claims the request's attempt for this worker, or says why not; publishes STARTED when it runs. */
    @Transactional
    public Claim claim(ConversionRequest request) {
        Instant now = Instant.now();
        String worker = identity.id();
        int inserted = entityManager.createNativeQuery("insert into {h-schema}conversion_attempt (job_id, attempt, "
                + "worker_id, state, request, claimed_at, heartbeat_at) values (?1, ?2, ?3, 'RUNNING', ?4, ?5, ?5) "
                + "on conflict do nothing")
                .setParameter(1, request.jobId())
                .setParameter(2, request.attempt())
                .setParameter(3, worker)
                .setParameter(4, json(request))
                .setParameter(5, now)
                .executeUpdate();
        ConversionAttempt row = lock(request.jobId(), request.attempt());
        boolean takeover = false;
        if (inserted == 0) {
            String skip = skipReason(row, now);
            if (skip != null) {
                return Claim.skip(skip);
            }
            takeover = true;
            row.takeovers++;
            row.workerId = worker;
            row.state = AttemptState.RUNNING;
            row.heartbeatAt = now;
            row.request = json(request);
            row.message = null;
        }
        if (newerAttemptExists(request.jobId(), request.attempt())) {
            finish(row, AttemptState.SUPERSEDED, "a newer attempt of the job exists", now);
            return Claim.skip("superseded by a newer attempt");
        }
        StopReason cancellation = cancellation(request.jobId(), request.attempt());
        if (cancellation == null) {
            outbox.publish(Topics.CONVERSION_EVENTS, EventTypes.CONVERSION_STARTED, request.jobId(),
                    update(request, takeover ? "resumed by worker " + worker : "started by worker " + worker,
                            ConversionUpdate.Phase.VALIDATING));
        }
        return Claim.granted(takeover, cancellation);
    }

    /**
     * Renews this worker's claim; returns why the attempt must stop (another worker took it, a newer attempt
     * exists, the job was cancelled), or null to go on.
     */
    @Transactional
    public StopReason heartbeat(String jobId, int attempt) {
        int renewed = entityManager.createQuery("update ConversionAttempt set heartbeatAt = ?1 where jobId = ?2 and "
                + "attempt = ?3 and workerId = ?4 and state = ?5")
                .setParameter(1, Instant.now())
                .setParameter(2, jobId)
                .setParameter(3, attempt)
                .setParameter(4, identity.id())
                .setParameter(5, AttemptState.RUNNING)
                .executeUpdate();
        if (renewed == 0) {
            return StopReason.CLAIM_LOST;
        }
        if (newerAttemptExists(jobId, attempt)) {
            return StopReason.SUPERSEDED;
        }
        return cancellation(jobId, attempt);
    }

    /** Whether an older attempt of the job still runs somewhere with a fresh heartbeat (a newer one must wait). */
    @Transactional
    public boolean olderAttemptRunning(String jobId, int attempt) {
        Long count = entityManager.createQuery("select count(a) from ConversionAttempt a where a.jobId = ?1 and "
                + "a.attempt < ?2 and a.state = ?3 and a.heartbeatAt > ?4", Long.class)
                .setParameter(1, jobId)
                .setParameter(2, attempt)
                .setParameter(3, AttemptState.RUNNING)
                .setParameter(4, staleBefore())
                .getSingleResult();
        return count > 0;
    }

    /**
     * Ends this worker's attempt in {@code state} and, in the same transaction, publishes {@code type} (unless null).
     * Returns false, publishing nothing, when this worker no longer holds the attempt.
     */
    @Transactional
    public boolean finish(String jobId, int attempt, AttemptState state, String message,
            EventType<ConversionUpdate> type, ConversionUpdate update) {
        ConversionAttempt row = lock(jobId, attempt);
        if (row == null || !row.workerId.equals(identity.id()) || row.state != AttemptState.RUNNING) {
            return false;
        }
        finish(row, state, message, Instant.now());
        if (type != null) {
            outbox.publish(Topics.CONVERSION_EVENTS, type, jobId, update);
        }
        return true;
    }

    /** Lets go of an attempt this worker stops on shutdown: the next delivery takes it over at once. */
    @Transactional
    public void release(String jobId, int attempt, String message) {
        ConversionAttempt row = lock(jobId, attempt);
        if (row != null && row.workerId.equals(identity.id()) && row.state == AttemptState.RUNNING) {
            row.state = AttemptState.RELEASED;
            row.message = message;
        }
    }

    /** Records a verified disk, so that a resumed job does not convert it again. */
    @Transactional
    public void recordDisk(String jobId, int attempt, DiskResult result) {
        entityManager.merge(ConvertedDisk.of(jobId, attempt, result));
    }

    /** The job's verified disks. */
    @Transactional
    public List<ConvertedDisk> convertedDisks(String jobId) {
        return ConvertedDisk.list("jobId", jobId);
    }

    /** This worker's attempts, newest first, for the API. */
    @Transactional
    public List<ConversionAttempt> recentAttempts(int limit) {
        return ConversionAttempt.find("workerId = ?1 order by claimedAt desc", identity.id()).page(0, limit).list();
    }

    /** An update about {@code request} with no figures, for STARTED and CANCELLED. */
    public ConversionUpdate update(ConversionRequest request, String message, ConversionUpdate.Phase phase) {
        return new ConversionUpdate(request.jobId(), request.attempt(), identity.id(), null, 0,
                request.plan().totalDiskBytes(), 0, message, false, null, null, phase);
    }

    ConversionAttempt lock(String jobId, int attempt) {
        return entityManager.find(ConversionAttempt.class, new ConversionAttempt.Key(jobId, attempt),
                LockModeType.PESSIMISTIC_WRITE);
    }

    boolean newerAttemptExists(String jobId, int attempt) {
        return ConversionAttempt.count("jobId = ?1 and attempt > ?2", jobId, attempt) > 0;
    }

    /**
     * How {@code attempt} of the job was cancelled: {@link StopReason#TAKEN_BACK} when its outputs stay for a later
     * attempt, {@link StopReason#CANCELLED} when they go, null when it was not.
     */
    StopReason cancellation(String jobId, int attempt) {
        JobCancellation cancellation = JobCancellation.findById(jobId);
        if (cancellation == null || !cancellation.covers(attempt)) {
            return null;
        }
        return cancellation.keepOutputs ? StopReason.TAKEN_BACK : StopReason.CANCELLED;
    }

    Instant staleBefore() {
        return Instant.now().minus(config.claimTimeout());
    }

    static void finish(ConversionAttempt row, AttemptState state, String message, Instant now) {
        row.state = state;
        row.message = message;
        row.finishedAt = now;
    }

    private String skipReason(ConversionAttempt row, Instant now) {
        if (row.state.isFinal()) {
            return "attempt already " + row.state.name().toLowerCase(java.util.Locale.ROOT);
        }
        // A running attempt of this worker's own name is a previous life of it (a restart): take it over. Two
        // deliveries within this process never get here together, RunningJobs admits one.
        boolean fresh = Duration.between(row.heartbeatAt, now).compareTo(config.claimTimeout()) < 0;
        if (row.state == AttemptState.RUNNING && !row.workerId.equals(identity.id()) && fresh) {
            return "running on worker " + row.workerId;
        }
        return null;
    }

    static String json(ConversionRequest request) {
        try {
            return EventCodec.mapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request read from JSON can be written as JSON", e);
        }
    }
}
