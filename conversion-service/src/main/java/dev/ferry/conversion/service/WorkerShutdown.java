package dev.ferry.conversion.service;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.service.job.RunningJob;
import dev.ferry.conversion.service.job.RunningJobs;
import dev.ferry.conversion.service.job.StopReason;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Stops running conversions when the worker shuts down (SIGTERM): each checkpoints, releases its claim and leaves its
 * request unacknowledged, so another worker resumes it from the checkpoint at once. Nothing is published: Kafka gives
 * the request to another member of the group, and the scheduler's lease covers the rest. Waits at most
 * {@code ferry.conversion.shutdown-grace}, well within {@code quarkus.shutdown.timeout}.
 */
@ApplicationScoped
public class WorkerShutdown {

    private static final Logger LOG = Logger.getLogger(WorkerShutdown.class);

    @Inject
    RunningJobs running;

    @Inject
    ConversionConfig config;

    // Before the messaging connectors close: the jobs still release their claims through the database.
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        List<RunningJob> jobs = running.closeForShutdown();
        if (jobs.isEmpty()) {
            return;
        }
        LOG.infof("shutting down: stopping %d running job(s) at their next chunk", jobs.size());
        for (RunningJob job : jobs) {
            job.stop(StopReason.SHUTDOWN);
        }
        Instant deadline = Instant.now().plus(config.shutdownGrace());
        while (running.count() > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (running.count() > 0) {
            LOG.warnf("%d job(s) did not stop within %s; their claims lapse and another worker takes them over",
                    running.count(), config.shutdownGrace());
        }
    }
}
