package dev.ferry.api.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error response in RFC 9457 form ({@code application/problem+json}).
 *
 * @param type stable URI naming the kind of problem; clients switch on it
 * @param title short summary of the kind of problem, the same for every occurrence
 * @param status HTTP status code
 * @param detail what went wrong this time, in words a person can act on
 * @param instance the request path the problem occurred on
 * @param errors per-field problems of a rejected request, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One rejected field.
     *
     * @param field path of the field in the request ("limits.perWave", "machines[2]")
     * @param message why it was rejected
     */
    public record FieldError(String field, String message) {
    }
}
