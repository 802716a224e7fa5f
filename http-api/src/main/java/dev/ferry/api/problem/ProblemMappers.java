package dev.ferry.api.problem;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every error a Ferry API can raise into an RFC 9457 problem. Unexpected errors are logged with an id that the
 * response repeats; their stack traces never leave the server.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException exception, UriInfo uri) {
        return respond(exception.type(), exception.type().status(), exception.getMessage(), uri, exception.errors());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException exception, UriInfo uri) {
        List<Problem.FieldError> errors = exception.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(fieldPath(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(ProblemType.VALIDATION, 400, errors.size() == 1 ? "1 field is not valid"
                : errors.size() + " fields are not valid", uri, errors);
    }

    // Listed one by one: Quarkus REST has its own mappers for these subtypes, and the most specific mapper wins.
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class })
    public Response unreadableJson(JsonProcessingException exception, UriInfo uri) {
        String detail = "the request body is not valid JSON for this resource";
        List<Problem.FieldError> errors = null;
        if (exception instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = JsonPaths.describe(mismatch.getPath());
            String message = exception instanceof InvalidFormatException invalid
                    ? "cannot read " + quoted(invalid.getValue()) + " as " + invalid.getTargetType().getSimpleName()
                    : "wrong type of value";
            errors = List.of(new Problem.FieldError(field, message));
            detail = "field '" + field + "' has " + message;
        } else if (exception.getLocation() != null) {
            detail = "the request body is not valid JSON (line " + exception.getLocation().getLineNr() + ", column "
                    + exception.getLocation().getColumnNr() + ")";
        }
        return respond(ProblemType.MALFORMED_REQUEST, 400, detail, uri, errors);
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException exception, UriInfo uri) {
        return Response.fromResponse(respond(ProblemType.UNAUTHENTICATED, 401,
                "a valid bearer token is required (Authorization: Bearer <JWT>)", uri, null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, 403, "your role does not allow this action", uri, null);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException exception, UriInfo uri) {
        if (exception.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable, uri);
        }
        int status = exception.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(exception, uri);
        }
        ProblemType type = ProblemType.forStatus(status);
        String detail = exception.getMessage() == null ? type.title() : exception.getMessage();
        return respond(type, status, detail, uri, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(exception, "unexpected error %s on %s", errorId, uri.getPath());
        return respond(ProblemType.INTERNAL, 500, "an unexpected error occurred; quote error id " + errorId
                + " when reporting it", uri, null);
    }

    private static Response respond(ProblemType type, int status, String detail, UriInfo uri,
            List<Problem.FieldError> errors) {
        String title = type == ProblemType.HTTP ? Response.Status.fromStatusCode(status) == null ? type.title()
                : Response.Status.fromStatusCode(status).getReasonPhrase() : type.title();
        Problem problem = new Problem(type.uri(), title, status, detail, uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String fieldPath(ConstraintViolation<?> violation) {
        // Bean validation paths start with the method and parameter ("create.request.name"); clients know only
        // the body, so drop the first two nodes when they are there.
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }

    private static String quoted(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
