package dev.ferry.conversion.service.claim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.conversion.model.AttemptState;
import dev.ferry.conversion.model.ConversionAttempt;
import dev.ferry.conversion.model.ConvertedDisk;
import dev.ferry.conversion.model.JobCancellation;
import dev.ferry.conversion.service.WorkerIdentity;
import dev.ferry.conversion.service.target.JobOutputs;
import dev.ferry.conversion.service.target.StorageRoots;
import dev.ferry.events.EventCodec;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.messaging.Outbox;

/**
 * Records cancellations and finishes cancelled attempts that no live worker runs. Every worker hears every cancel;
 * the one running the job stops it itself, and for a job nobody runs (not started yet, or its worker died) exactly one
 * worker wins the row lock, removes the outputs and publishes CANCELLED. A cancel that keeps outputs (the scheduler
 * took the job back after its lease lapsed) removes nothing: the next attempt resumes from the checkpoints.
 */
@ApplicationScoped
public class JobCancellations {

    private static final Logger LOG = Logger.getLogger(JobCancellations.class);

    @Inject
    EntityManager entityManager;

    @Inject
    AttemptClaims claims;

    @Inject
    Outbox outbox;

    @Inject
    WorkerIdentity identity;

    @Inject
    StorageRoots storageRoots;

    /**
     * Stores the cancellation (attempts up to the cancel's are covered); a later one only widens it. Whether outputs
     * stay is the newest attempt's cancel's say; of two cancels of one attempt, the one that removes them wins.
     */
    @Transactional
    public void record(ConversionCancel cancel) {
        entityManager.createNativeQuery("insert into {h-schema}job_cancellation (job_id, attempt, reason, "
                + "requested_at, keep_outputs) values (?1, ?2, ?3, ?4, ?5) on conflict (job_id) do update set "
                + "keep_outputs = case when excluded.attempt > job_cancellation.attempt then excluded.keep_outputs "
                + "when excluded.attempt < job_cancellation.attempt then job_cancellation.keep_outputs "
                + "else job_cancellation.keep_outputs and excluded.keep_outputs end, "
                + "attempt = greatest(job_cancellation.attempt, excluded.attempt), reason = excluded.reason, "
                + "requested_at = excluded.requested_at")
                .setParameter(1, cancel.jobId())
                .setParameter(2, cancel.attempt())
                .setParameter(3, cancel.reason())
                .setParameter(4, Instant.now())
                .setParameter(5, cancel.keepOutputs())
                .executeUpdate();
    }

    /**
     * Finishes the cancelled attempt when no live worker runs it: a new row when no worker has seen its request, or
     * a stale or released claim taken over. Returns whether this worker published CANCELLED.
     */
    @Transactional
    public boolean finishUnattended(ConversionCancel cancel) {
        Instant now = Instant.now();
        boolean live = ConversionAttempt.count("jobId = ?1 and attempt <= ?2 and state = ?3 and heartbeatAt > ?4",
                cancel.jobId(), cancel.attempt(), AttemptState.RUNNING, claims.staleBefore()) > 0;
        if (live) {
            return false;
        }
        int inserted = entityManager.createNativeQuery("insert into {h-schema}conversion_attempt (job_id, attempt, "
                + "worker_id, state, request, message, claimed_at, heartbeat_at, finished_at) select ?1, ?2, ?3, "
                + "'CANCELLED', (select request from {h-schema}conversion_attempt where job_id = ?1 and request is "
                + "not null order by attempt desc limit 1), ?4, ?5, ?5, ?5 on conflict do nothing")
                .setParameter(1, cancel.jobId())
                .setParameter(2, cancel.attempt())
                .setParameter(3, identity.id())
                .setParameter(4, cancelMessage(cancel))
                .setParameter(5, now)
                .executeUpdate();
        ConversionAttempt row = claims.lock(cancel.jobId(), cancel.attempt());
        if (inserted == 0) {
            if (row.state.isFinal() || row.state == AttemptState.RUNNING && row.heartbeatAt.isAfter(claims
                    .staleBefore())) {
                return false;
            }
            AttemptClaims.finish(row, AttemptState.CANCELLED, cancelMessage(cancel), now);
            row.workerId = identity.id();
        }
        ConversionRequest request = request(row);
        if (request != null && !cancel.keepOutputs()) {
            removeOutputs(request);
        }
        outbox.publish(Topics.CONVERSION_EVENTS, EventTypes.CONVERSION_CANCELLED, cancel.jobId(),
                new ConversionUpdate(cancel.jobId(), cancel.attempt(), identity.id(), null, 0, 0, 0,
                        cancelMessage(cancel), false, null, null, ConversionUpdate.Phase.DONE));
        return true;
    }

    /**
     * Ends a cancelled attempt this worker ran and publishes CANCELLED, in one transaction; removes the job's outputs
     * unless {@code keepOutputs} (the job was taken back to run again). Does nothing when this worker no longer holds
     * the attempt.
     */
    @Transactional
    public boolean finishCancelled(ConversionRequest request, boolean keepOutputs) {
        JobCancellation cancellation = JobCancellation.findById(request.jobId());
        String message = cancellation == null ? "cancelled"
                : cancelMessage(new ConversionCancel(request.jobId(), cancellation.attempt, cancellation.reason,
                        keepOutputs));
        boolean finished = claims.finish(request.jobId(), request.attempt(), AttemptState.CANCELLED, message,
                EventTypes.CONVERSION_CANCELLED, claims.update(request, message, ConversionUpdate.Phase.DONE));
        if (finished && !keepOutputs) {
            removeOutputs(request);
        }
        return finished;
    }

    /** Removes the job's partial outputs and the disks it finished, and forgets those disks. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void removeOutputs(ConversionRequest request) {
        Set<String> finished = ConvertedDisk.<ConvertedDisk> list("jobId", request.jobId()).stream()
                .map(disk -> disk.diskKey).collect(Collectors.toSet());
        try {
            Path folder = storageRoots.folder(request.target());
            LOG.infof("job %s cancelled: removed %s", request.jobId(), JobOutputs.remove(folder,
                    request.plan().disks(), finished));
        } catch (IOException e) {
            LOG.warnf("job %s cancelled, but its outputs could not all be removed: %s", request.jobId(),
                    e.getMessage());
        }
        ConvertedDisk.delete("jobId", request.jobId());
    }

    static String cancelMessage(ConversionCancel cancel) {
        String message = cancel.reason() == null || cancel.reason().isBlank() ? "cancelled"
                : "cancelled: " + cancel.reason();
        return cancel.keepOutputs() ? message + " (outputs kept for the next attempt)" : message;
    }

    private static ConversionRequest request(ConversionAttempt row) {
        if (row.request == null) {
            return null;
        }
        try {
            return EventCodec.mapper().readValue(row.request, ConversionRequest.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
