package dev.ferry.conversion.service.job;

import java.io.IOException;

/**
 * A request this worker cannot carry out as given (a path outside the configured roots, an unknown storage root, a
 * format it cannot write, credentials the source refuses): trying again unchanged fails the same way.
 */
public class RequestRefusedException extends IOException {

    public RequestRefusedException(String message) {
        super(message);
    }
}
