package dev.ferry.disk.source;

import java.io.IOException;

/**
 * A remote source (HTTP server, NBD server) failed a request; {@link #transientFailure()} says whether trying again
 * may help (HTTP 5xx, a truncated body) or not (access refused, a protocol violation). Messages name the source by its
 * credential-free description.
 */
public class RemoteSourceException extends IOException {

    private final boolean transientFailure;

    public RemoteSourceException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public RemoteSourceException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
