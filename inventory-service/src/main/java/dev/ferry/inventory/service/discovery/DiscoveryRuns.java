package dev.ferry.inventory.service.discovery;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.inventory.model.DiscoveryItemError;
import dev.ferry.inventory.model.DiscoveryRun;
import dev.ferry.inventory.model.DiscoveryState;

/**
 * The one place where discovery runs change state (see {@link DiscoveryState}); each change is persisted with its
 * time and, for failures, the reason.
 */
@ApplicationScoped
public class DiscoveryRuns {

    private static final Logger LOG = Logger.getLogger(DiscoveryRuns.class);

    /** This process among the replicas: the owner of the runs it accepted. */
    static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    /** Accepts a run of {@code sourceId}, unless one is already pending or running. */
    @Transactional
    public DiscoveryRun create(UUID sourceId) {
        DiscoveryRun active = DiscoveryRun.find("sourceId = ?1 and state in ?2", sourceId,
                List.of(DiscoveryState.PENDING, DiscoveryState.RUNNING)).firstResult();
        if (active != null) {
            throw ProblemException.conflict("source " + sourceId + " is already being discovered (run " + active.id
                    + ", " + active.state + ")");
        }
        Instant now = Instant.now();
        DiscoveryRun run = new DiscoveryRun();
        run.id = UUID.randomUUID();
        run.sourceId = sourceId;
        run.state = DiscoveryState.PENDING;
        run.owner = INSTANCE;
        run.createdAt = now;
        run.heartbeatAt = now;
        try {
            run.persistAndFlush();
        } catch (PersistenceException e) {
            // Another replica accepted a run of this source at the same moment (unique index on active runs).
            throw ProblemException.conflict("source " + sourceId + " is already being discovered");
        }
        return run;
    }

    /**
     * PENDING to RUNNING; returns the run's source, or empty when the run is no longer pending (it was failed as
     * stale meanwhile).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<UUID> begin(UUID runId) {
        DiscoveryRun run = DiscoveryRun.findById(runId);
        if (run == null || run.state != DiscoveryState.PENDING) {
            return Optional.empty();
        }
        run.state = DiscoveryState.RUNNING;
        run.startedAt = Instant.now();
        run.heartbeatAt = run.startedAt;
        return Optional.of(run.sourceId);
    }

    /** RUNNING to SUCCEEDED, with what the run found. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeed(UUID runId, Counts counts, List<DiscoveryItemError> errors) {
        finish(runId, DiscoveryState.SUCCEEDED, errors).ifPresent(run -> {
            run.found = counts.found();
            run.newCount = counts.created();
            run.changed = counts.changed();
            run.gone = counts.gone();
        });
    }

    /** To FAILED, with the reason; stored machines stay as they were. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(UUID runId, String reason, List<DiscoveryItemError> errors) {
        finish(runId, DiscoveryState.FAILED, errors).ifPresent(run -> run.failure = reason);
    }

    /** Moves an active run to a final state; empty when it was already over (failed as stale meanwhile). */
    private static Optional<DiscoveryRun> finish(UUID runId, DiscoveryState state, List<DiscoveryItemError> errors) {
        DiscoveryRun run = DiscoveryRun.findById(runId);
        if (run == null || !run.state.active()) {
            return Optional.empty();
        }
        run.state = state;
        run.itemErrors(errors);
        run.finishedAt = Instant.now();
        return Optional.of(run);
    }

    /** Shows that this replica's active runs are alive. */
    @Transactional
    public void heartbeat() {
        DiscoveryRun.update("heartbeatAt = ?1 where owner = ?2 and state in ?3", Instant.now(), INSTANCE,
                List.of(DiscoveryState.PENDING, DiscoveryState.RUNNING));
    }

    /**
     * Fails active runs whose replica stopped renewing them before {@code staleBefore}: it crashed or restarted, and
     * no worker will finish them.
     */
    @Transactional
    public int failStale(Instant staleBefore) {
        List<DiscoveryRun> stale = DiscoveryRun.list("state in ?1 and heartbeatAt < ?2",
                List.of(DiscoveryState.PENDING, DiscoveryState.RUNNING), staleBefore);
        for (DiscoveryRun run : stale) {
            run.state = DiscoveryState.FAILED;
            run.failure = "interrupted: the inventory replica running it (" + run.owner + ") stopped or restarted; "
                    + "stored machines are unchanged, start the discovery again";
            run.finishedAt = Instant.now();
            LOG.warnf("discovery run %s of source %s was interrupted (owner %s)", run.id, run.sourceId, run.owner);
        }
        return stale.size();
    }

    /**
     * What a successful run found.
     *
     * @param found machines the source holds
     * @param created machines stored for the first time, or back after being gone
     * @param changed known machines whose facts changed
     * @param gone machines no longer in the source
     */
    public record Counts(int found, int created, int changed, int gone) {
    }
}
