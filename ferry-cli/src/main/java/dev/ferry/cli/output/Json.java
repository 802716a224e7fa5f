package dev.ferry.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading fields of the APIs' JSON answers where they may be absent. */
public final class Json {

    private Json() {
    }

    /** The text at a JSON pointer ("/counts/found"), or null when it is absent or null. */
    public static String text(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** The number at a JSON pointer, or {@code fallback}. */
    public static long number(JsonNode node, String pointer, long fallback) {
        JsonNode value = node.at(pointer);
        return value.isNumber() ? value.asLong() : fallback;
    }

    /** The number at a JSON pointer, or null. */
    public static Long optionalNumber(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isNumber() ? value.asLong() : null;
    }
}
