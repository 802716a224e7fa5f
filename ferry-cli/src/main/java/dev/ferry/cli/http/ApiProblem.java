package dev.ferry.cli.http;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.events.EventCodec;

/**
 * A request a service refused or failed: its RFC 9457 problem (title, detail, field errors) when the answer was
 * {@code application/problem+json}, else the status and whatever the body said.
 */
public final class ApiProblem extends RuntimeException {

    /**
     * One rejected field of a request.
     *
     * @param field where in the request ("machines[2]", "name")
     * @param message why it was rejected
     */
    public record FieldError(String field, String message) {
    }

    private final String service;
    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;

    public ApiProblem(String service, int status, String type, String title, String detail,
            List<FieldError> errors) {
        super(title + (detail == null ? "" : ": " + detail));
        this.service = service;
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    /** Reads a problem from an error answer's body, which may be a problem document, other text or nothing. */
    public static ApiProblem of(String service, int status, String body) {
        String reason = HttpStatusNames.of(status);
        JsonNode json = parse(body);
        if (json == null || !json.isObject()) {
            String text = body == null || body.isBlank() ? null : firstLine(body);
            return new ApiProblem(service, status, null, reason, text, List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        json.path("errors").forEach(error -> errors.add(new FieldError(error.path("field").asText(null),
                error.path("message").asText(""))));
        return new ApiProblem(service, status, json.path("type").asText(null), json.path("title").asText(reason),
                json.path("detail").asText(null), errors);
    }

    /** The service that answered ("inventory", "scheduler"). */
    public String service() {
        return service;
    }

    public int status() {
        return status;
    }

    /** The problem's stable type URI, or null. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** What went wrong this time, or null. */
    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return EventCodec.mapper().readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
