package dev.ferry.inventory.service.discovery;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.ferry.inventory.config.InventoryConfig;
import dev.ferry.inventory.service.source.SourceHostService;
import dev.ferry.inventory.service.source.SourceService;
import dev.ferry.inventory.service.source.SourceSettings;

/**
 * Carries out one discovery run: reads the source with the collector for its kind, then stores what it found. A
 * source that cannot be read fails the run with the reason and leaves stored machines untouched.
 */
@ApplicationScoped
public class DiscoveryRunner {

    private static final Logger LOG = Logger.getLogger(DiscoveryRunner.class);

    @Inject
    DiscoveryRuns runs;

    @Inject
    SourceService sources;

    @Inject
    SourceHostService hosts;

    @Inject
    MachineReconciler reconciler;

    @Inject
    @Any
    Instance<MachineCollector> collectors;

    @Inject
    InventoryConfig config;

    public void run(UUID runId) {
        Optional<UUID> begun = runs.begin(runId);
        if (begun.isEmpty()) {
            return;
        }
        UUID sourceId = begun.get();
        ItemErrors errors = new ItemErrors(config.discovery().maxItemErrors());
        Instant started = Instant.now();
        try {
            SourceSettings source = sources.settings(sourceId);
            DiscoveredInventory inventory = collectorFor(source).collect(source, errors);
            long readMillis = java.time.Duration.between(started, Instant.now()).toMillis();
            DiscoveryRuns.Counts counts = reconciler.reconcile(sourceId, inventory.machines(), errors, started);
            hosts.replace(sourceId, inventory.hosts(), started);
            runs.succeed(runId, counts, errors.list());
            LOG.infof("discovery run %s of source %s (%s) found %d machines (%d new, %d changed, %d gone, %d item "
                    + "errors) in %d ms (%d ms reading the source)", runId, sourceId, source.kind(), counts.found(),
                    counts.created(), counts.changed(), counts.gone(), errors.total(),
                    java.time.Duration.between(started, Instant.now()).toMillis(), readMillis);
        } catch (DiscoveryException e) {
            LOG.warnf("discovery run %s of source %s failed: %s", runId, sourceId, e.getMessage());
            runs.fail(runId, e.getMessage(), errors.list());
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(e, "discovery run %s of source %s failed unexpectedly (error id %s)", runId, sourceId, errorId);
            runs.fail(runId, "unexpected error; quote error id " + errorId + " when reporting it", errors.list());
        }
    }

    private MachineCollector collectorFor(SourceSettings source) throws DiscoveryException {
        for (MachineCollector collector : collectors) {
            if (collector.kind() == source.kind()) {
                return collector;
            }
        }
        throw new DiscoveryException("sources of kind " + source.kind() + " are not discovered by the inventory");
    }
}
