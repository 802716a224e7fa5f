package dev.ferry.inventory.service.discovery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import dev.ferry.inventory.config.InventoryConfig;

/**
 * The pool that carries out this replica's discovery runs, a configured number at a time. A run that fails never
 * affects the others.
 */
@ApplicationScoped
public class DiscoveryWorkers {

    @Inject
    InventoryConfig config;

    @Inject
    DiscoveryRunner runner;

    private ExecutorService pool;

    @PostConstruct
    void start() {
        AtomicInteger number = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.discovery().workers(), task -> {
            Thread thread = new Thread(task, "discovery-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void onRequested(@Observes(during = TransactionPhase.AFTER_SUCCESS) DiscoveryRequested requested) {
        pool.execute(() -> runner.run(requested.runId()));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
