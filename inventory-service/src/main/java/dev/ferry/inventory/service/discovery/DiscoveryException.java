package dev.ferry.inventory.service.discovery;

/**
 * A source could not be read: unreachable, refused the credentials, presented another certificate, or its file is
 * malformed. The message is the run's failure reason, shown to people: it says what to fix and never holds secrets.
 */
public class DiscoveryException extends Exception {

    public DiscoveryException(String message) {
        super(message);
    }

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
