package dev.ferry.conversion.service.job;

import java.nio.file.FileAlreadyExistsException;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.source.RemoteSourceException;

/**
 * Why a job failed, in words for its FAILED event, and whether another attempt may succeed: a corrupt source, a
 * verification mismatch or a request this worker refuses fail the same way again; I/O and network failures may not.
 *
 * @param message the reason; a parser's message names the offset and the problem
 * @param retryable whether trying again may succeed
 */
public record Failure(String message, boolean retryable) {

    /** Classifies what a job failed with. */
    public static Failure of(Throwable error) {
        if (error instanceof DiskFailedException disk) {
            Failure cause = of(disk.getCause());
            return new Failure("disk " + disk.diskKey() + ": " + cause.message(), cause.retryable());
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (error instanceof ImageFormatException) {
            return new Failure("corrupt source image: " + message, false);
        }
        if (error instanceof VerificationException || error instanceof RequestRefusedException) {
            return new Failure(message, false);
        }
        if (error instanceof FileAlreadyExistsException exists) {
            return new Failure("target file " + exists.getFile() + " exists already; Ferry does not overwrite it",
                    false);
        }
        if (error instanceof RemoteSourceException remote) {
            return new Failure(message, remote.transientFailure());
        }
        if (error instanceof SecurityException || error instanceof IllegalArgumentException) {
            return new Failure(message, false);
        }
        if (error instanceof java.io.IOException) {
            return new Failure(message, true);
        }
        return new Failure("unexpected " + error.getClass().getSimpleName() + ": " + message, true);
    }
}
