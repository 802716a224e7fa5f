package dev.ferry.cli;

/** A command line that parsed but makes no sense (exit code 2): conflicting options, a missing selection. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
