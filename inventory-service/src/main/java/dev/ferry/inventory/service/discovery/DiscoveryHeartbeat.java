package dev.ferry.inventory.service.discovery;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.ferry.inventory.config.InventoryConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps this replica's runs alive and fails runs nobody is carrying out any more: at start-up (runs of a previous
 * process of this replica) and periodically (runs of replicas that died).
 */
@ApplicationScoped
public class DiscoveryHeartbeat {

    @Inject
    DiscoveryRuns runs;

    @Inject
    InventoryConfig config;

    void onStart(@Observes StartupEvent startup) {
        failStale();
    }

    @Scheduled(every = "${ferry.inventory.discovery.heartbeat-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void beat() {
        runs.heartbeat();
        failStale();
    }

    /** Fails every active run whose heartbeat is older than the configured staleness; returns how many. */
    public int failStale() {
        return runs.failStale(Instant.now().minus(config.discovery().staleAfter()));
    }
}
