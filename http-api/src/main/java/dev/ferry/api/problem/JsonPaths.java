package dev.ferry.api.problem;

import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Writes a Jackson reference path the way clients name fields: {@code limits.perWave}, {@code machines[2]}. */
public final class JsonPaths {

    private JsonPaths() {
    }

    public static String describe(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
