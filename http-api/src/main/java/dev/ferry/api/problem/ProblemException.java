package dev.ferry.api.problem;

import java.util.List;

/**
 * Thrown by Ferry's services to answer a request with a problem. The message is the problem's {@code detail} and is
 * shown to the client, so it must say what is wrong without leaking secrets or internals.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.type = type;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.VALIDATION, detail);
    }

    /** A request refused because of the named fields. */
    public static ProblemException invalidFields(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(ProblemType.VALIDATION, detail, errors);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
