package dev.ferry.messaging;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;
import dev.ferry.events.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Receives events idempotently: each consumer handles an event id once, however often Kafka delivers it. The mark
 * that an event was handled is written in the same transaction as what the handler changes.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    @Inject
    EntityManager entityManager;

    @Inject
    MessagingConfig config;

    @Inject
    MeterRegistry metrics;

    /**
     * Decodes {@code json} as an event of {@code type} and passes its data to {@code handler} unless
     * {@code consumer} has handled this event before.
     *
     * @return true when the handler ran
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> boolean receive(String consumer, String json, EventType<T> type, Consumer<T> handler) {
        return receive(consumer, json, new EventHandlers().on(type, handler));
    }

    /**
     * Decodes {@code json} and passes it to the handler for its type unless {@code consumer} has handled this event
     * before. Records that are not readable events of a handled type (unknown type, newer schema version,
     * malformed) are logged, counted and skipped, so one bad record cannot stop a consumer.
     *
     * @return true when a handler ran
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean receive(String consumer, String json, EventHandlers handlers) {
        EventEnvelope envelope;
        Object data;
        try {
            envelope = EventCodec.decode(json);
            data = handlers.decode(envelope);
        } catch (MalformedEventException e) {
            LOG.warnf("%s skipped an unreadable record: %s", consumer, e.getMessage());
            metrics.counter("ferry.events.rejected", "consumer", consumer).increment();
            return false;
        }
        if (!firstDelivery(consumer, envelope.id())) {
            metrics.counter("ferry.events.duplicates", "consumer", consumer).increment();
            return false;
        }
        handlers.handle(envelope, data);
        metrics.counter("ferry.events.handled", "consumer", consumer, "type", envelope.type()).increment();
        return true;
    }

    /** Records that {@code consumer} handles {@code eventId} now; false when it already had. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("event id " + eventId + " is not a UUID");
        }
        int inserted = entityManager.createNativeQuery("insert into {h-schema}processed_event (consumer, event_id) "
                + "values (?1, ?2) on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, id)
                .executeUpdate();
        return inserted == 1;
    }

    @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void forgetOldEvents() {
        Instant cutoff = Instant.now().minus(config.inbox().retention());
        entityManager.createNativeQuery("delete from {h-schema}processed_event where processed_at < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
    }
}
