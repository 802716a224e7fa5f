package dev.ferry.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;

/**
 * Publishes events transactionally: what is written here becomes visible to Kafka only if the caller's transaction
 * commits, and is then sent at least once, even across a crash.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    MessagingConfig config;

    @Inject
    Event<OutboxWritten> written;

    /** Stores an event of {@code type} about {@code key} for relay to {@code topic}; returns its envelope. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> EventEnvelope publish(String topic, EventType<T> type, String key, T data) {
        EventEnvelope envelope = EventCodec.envelope(config.source(), type, key, data);
        store(topic, key, UUID.fromString(envelope.id()), EventCodec.encode(envelope));
        return envelope;
    }

    /** Stores a tombstone for {@code key}: on a compacted topic, the key's record is deleted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishTombstone(String topic, String key) {
        store(topic, key, UUID.randomUUID(), null);
    }

    private void store(String topic, String key, UUID eventId, String payload) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = eventId;
        event.topic = topic;
        event.messageKey = key;
        event.payload = payload;
        event.createdAt = Instant.now();
        event.persist();
        written.fire(new OutboxWritten());
    }
}
