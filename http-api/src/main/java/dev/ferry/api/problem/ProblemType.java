package dev.ferry.api.problem;

/** The kinds of problem Ferry's APIs report; {@link #uri()} is stable across releases. */
public enum ProblemType {
    VALIDATION(400, "Request is not valid"),
    MALFORMED_REQUEST(400, "Request body could not be read"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Not allowed"),
    NOT_FOUND(404, "Resource not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Cannot produce an acceptable representation"),
    CONFLICT(409, "Conflicts with the current state"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    UNPROCESSABLE(422, "Request cannot be carried out"),
    UNAVAILABLE(503, "A dependency is unavailable"),
    INTERNAL(500, "Internal error"),
    HTTP(0, "HTTP error");

    private static final String BASE = "https://ferry.dev/problems/";

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return BASE + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The type a plain HTTP status maps to, for errors raised by the framework. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : HTTP;
    }
}
