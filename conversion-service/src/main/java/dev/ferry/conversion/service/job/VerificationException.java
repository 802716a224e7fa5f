package dev.ferry.conversion.service.job;

import java.io.IOException;

/** A converted disk read back does not hold what was read from its source; the target was removed. */
public class VerificationException extends IOException {

    public VerificationException(String message) {
        super(message);
    }
}
