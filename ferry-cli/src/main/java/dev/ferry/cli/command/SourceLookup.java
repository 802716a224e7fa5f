package dev.ferry.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.http.ApiProblem;
import dev.ferry.cli.http.QueryString;

/** Finds a source by its id or by its name, so people can type the name they gave it. */
final class SourceLookup {

    private static final int PAGE = 1000;

    private SourceLookup() {
    }

    /** The source {@code reference} names (an id, else an exact name); 404 when there is none. */
    static JsonNode find(ApiClient inventory, String reference) {
        if (isUuid(reference)) {
            return inventory.get("/api/v1/sources/" + reference);
        }
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode source : all(inventory)) {
            if (reference.equals(source.path("name").asText())) {
                matches.add(source);
            }
        }
        if (matches.isEmpty()) {
            throw new ApiProblem(inventory.service(), 404, null, "Not Found", "there is no source named '"
                    + reference + "' (ferry sources list shows them)", List.of());
        }
        return matches.get(0);
    }

    /** The source named {@code name}, or null. */
    static JsonNode byName(ApiClient inventory, String name) {
        for (JsonNode source : all(inventory)) {
            if (name.equals(source.path("name").asText())) {
                return source;
            }
        }
        return null;
    }

    static String id(ApiClient inventory, String reference) {
        return isUuid(reference) ? reference : find(inventory, reference).path("id").asText();
    }

    private static List<JsonNode> all(ApiClient inventory) {
        List<JsonNode> sources = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode answer = inventory.get(new QueryString().add("page", page).add("size", PAGE)
                    .appendTo("/api/v1/sources"));
            answer.path("items").forEach(sources::add);
            if (sources.size() >= answer.path("total").asLong() || answer.path("items").isEmpty()) {
                return sources;
            }
        }
    }

    static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return text.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
