package dev.ferry.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event in CloudEvents 1.0 structured JSON form: {@code id} lets a consumer drop a duplicate, {@code type} and
 * {@code schemaversion} let it refuse what it does not understand, {@code subject} is the Kafka key (machine, job or
 * wave id).
 *
 * @param data the event's payload as JSON; {@link EventCodec#data} maps it to the type's record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        @JsonProperty("specversion") String specVersion,
        String id,
        String source,
        String type,
        @JsonProperty("schemaversion") int schemaVersion,
        String subject,
        Instant time,
        @JsonProperty("datacontenttype") String dataContentType,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
    }

    /** A new event with a fresh id and the current time. */
    public static EventEnvelope create(String source, EventType<?> type, String subject, JsonNode data, Instant time) {
        return new EventEnvelope(SPEC_VERSION, UUID.randomUUID().toString(), source, type.name(), type.schemaVersion(),
                subject, time, "application/json", data);
    }
}
