package dev.ferry.scheduler.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.ferry.scheduler.service.job.ConversionEventHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;

/**
 * Reads what the conversion workers report, a poll's batch at a time, and applies each batch in one transaction
 * (progress of hundreds of disks a second costs one commit per batch). Should a batch fail, its events are applied
 * one by one, so that one event that cannot be applied is skipped (logged and counted) without stopping the others.
 */
@ApplicationScoped
public class ConversionEventConsumer {

    private static final Logger LOG = Logger.getLogger(ConversionEventConsumer.class);

    @Inject
    ConversionEventHandler handler;

    @Inject
    MeterRegistry metrics;

    @Incoming(Channels.CONVERSION_EVENTS)
    @Blocking
    public void onEvents(List<String> events) {
        try {
            QuarkusTransaction.requiringNew().run(() -> events.forEach(handler::apply));
        } catch (RuntimeException batchFailure) {
            LOG.warnf("a batch of %d conversion events failed (%s); applying them one at a time", events.size(),
                    batchFailure.toString());
            for (String event : events) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> handler.apply(event));
                } catch (RuntimeException failure) {
                    LOG.errorf(failure, "skipped a conversion event that cannot be applied");
                    metrics.counter("ferry.events.failed", "consumer", ConversionEventHandler.CONSUMER).increment();
                }
            }
        }
    }
}
