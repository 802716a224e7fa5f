package dev.ferry.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON form of events. One mapper configuration for every producer and consumer: ISO-8601 times, unknown fields
 * ignored (older consumers read newer minor additions), unknown enum constants read as their declared default.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

    private EventCodec() {
    }

    /** The mapper events are written and read with, for code that embeds event records in other JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Wraps {@code data} in a new envelope of {@code type}. */
    public static <T> EventEnvelope envelope(String source, EventType<T> type, String subject, T data) {
        return EventEnvelope.create(source, type, subject, MAPPER.valueToTree(data), Instant.now());
    }

    public static String encode(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses an envelope; fails with {@link MalformedEventException} when it is not one. */
    public static EventEnvelope decode(String json) {
        try {
            EventEnvelope envelope = MAPPER.readValue(json, EventEnvelope.class);
            if (!EventEnvelope.SPEC_VERSION.equals(envelope.specVersion())) {
                throw new MalformedEventException("unsupported CloudEvents specversion " + envelope.specVersion());
            }
            return envelope;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("not a Ferry event: " + e.getMessage(), e);
        }
    }

    /**
     * The envelope's data as {@code type}'s record.
     *
     * @throws MalformedEventException when the envelope is of another type, or of a newer schema version than this
     *         build understands
     */
    public static <T> T data(EventEnvelope envelope, EventType<T> type) {
        if (!type.name().equals(envelope.type())) {
            throw new MalformedEventException("expected an event of type " + type.name() + ", got " + envelope.type());
        }
        if (envelope.schemaVersion() > type.schemaVersion() || envelope.schemaVersion() < 1) {
            throw new MalformedEventException("event " + envelope.id() + " has schema version "
                    + envelope.schemaVersion() + " of " + type.name() + "; this build understands up to "
                    + type.schemaVersion());
        }
        try {
            JsonNode data = envelope.data();
            return data == null || data.isNull() ? null : MAPPER.treeToValue(data, type.dataClass());
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("event " + envelope.id() + " has malformed data: "
                    + e.getOriginalMessage(), e);
        }
    }
}
