package dev.ferry.conversion.messaging;

import org.jboss.logging.Logger;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;
import dev.ferry.events.MalformedEventException;

/**
 * Reads records of the requests topic, which carries requests and cancels side by side: each consumer takes the type
 * it handles and passes over the rest; a record that is no readable event is logged and passed over, so one bad
 * record cannot stop a worker.
 */
final class RequestTopicRecords {

    private static final Logger LOG = Logger.getLogger(RequestTopicRecords.class);

    private RequestTopicRecords() {
    }

    /** The record's data when it is an event of {@code type}, else null. */
    static <T> T read(String json, EventType<T> type) {
        if (json == null) {
            return null;
        }
        try {
            EventEnvelope envelope = EventCodec.decode(json);
            return type.name().equals(envelope.type()) ? EventCodec.data(envelope, type) : null;
        } catch (MalformedEventException e) {
            LOG.warnf("skipped an unreadable record on the requests topic: %s", e.getMessage());
            return null;
        }
    }
}
