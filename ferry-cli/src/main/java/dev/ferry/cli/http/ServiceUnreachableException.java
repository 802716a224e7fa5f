package dev.ferry.cli.http;

import java.net.URI;

/** A service could not be reached at all: nothing listens at its URL, or the connection broke or timed out. */
public final class ServiceUnreachableException extends RuntimeException {

    private final String service;
    private final URI url;

    public ServiceUnreachableException(String service, URI url, Throwable cause) {
        super("cannot reach the " + service + " service at " + url + ": " + describe(cause), cause);
        this.service = service;
        this.url = url;
    }

    public String service() {
        return service;
    }

    public URI url() {
        return url;
    }

    private static String describe(Throwable cause) {
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
