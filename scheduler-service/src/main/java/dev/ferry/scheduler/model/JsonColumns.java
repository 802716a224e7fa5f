package dev.ferry.scheduler.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ferry.events.EventCodec;

/** Writes and reads the JSON the scheduler keeps in jsonb columns, with the events' mapper configuration. */
public final class JsonColumns {

    private static final ObjectMapper JSON = EventCodec.mapper();

    private JsonColumns() {
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
