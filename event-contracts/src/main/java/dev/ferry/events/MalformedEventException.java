package dev.ferry.events;

/** A record on a Ferry topic that is not an event this build can read. Consumers log it and move on. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
