package dev.ferry.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;
import dev.ferry.events.MalformedEventException;

/**
 * What a consumer does with each event type it reads from a topic that carries several, for
 * {@link Inbox#receive(String, String, EventHandlers)}.
 */
public final class EventHandlers {

    private final Map<String, BiConsumer<EventEnvelope, Object>> byType = new LinkedHashMap<>();
    private final Map<String, EventType<?>> types = new LinkedHashMap<>();

    /** Handles {@code type}'s data. */
    public <T> EventHandlers on(EventType<T> type, Consumer<T> handler) {
        return on(type, (envelope, data) -> handler.accept(data));
    }

    /** Handles {@code type}'s data together with its envelope (for its id or time). */
    @SuppressWarnings("unchecked")
    public <T> EventHandlers on(EventType<T> type, BiConsumer<EventEnvelope, T> handler) {
        byType.put(type.name(), (envelope, data) -> handler.accept(envelope, (T) data));
        types.put(type.name(), type);
        return this;
    }

    /**
     * The envelope's data as its registered type.
     *
     * @throws MalformedEventException when no handler takes this type, or the data is not readable as it
     */
    Object decode(EventEnvelope envelope) {
        EventType<?> type = types.get(envelope.type());
        if (type == null) {
            throw new MalformedEventException("no handler for events of type " + envelope.type());
        }
        return EventCodec.data(envelope, type);
    }

    /** Runs the handler registered for the envelope's type with data from {@link #decode}. */
    void handle(EventEnvelope envelope, Object data) {
        byType.get(envelope.type()).accept(envelope, data);
    }
}
