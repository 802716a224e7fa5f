package dev.ferry.conversion.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventType;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.messaging.MessagingConfig;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Sends progress and checkpoint events straight to Kafka, keyed by job id. They are advisory (the next one supersedes
 * it), so one that cannot be sent is dropped rather than stalling a conversion.
 */
@ApplicationScoped
public class ProgressSender {

    private static final Logger LOG = Logger.getLogger(ProgressSender.class);

    @Inject
    MessagingConfig messaging;

    @Inject
    @Channel(Channels.PROGRESS)
    @OnOverflow(value = OnOverflow.Strategy.DROP)
    Emitter<Record<String, String>> emitter;

    /** Sends the event; the stage completes when Kafka acknowledged it (callers need not wait: progress may drop). */
    public CompletionStage<Void> send(EventType<ConversionUpdate> type, ConversionUpdate update) {
        try {
            String json = EventCodec.encode(EventCodec.envelope(messaging.source(), type, update.jobId(), update));
            return emitter.send(Record.of(update.jobId(), json));
        } catch (RuntimeException e) {
            LOG.debugf("dropped a %s event of job %s: %s", type.name(), update.jobId(), e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
    }
}
