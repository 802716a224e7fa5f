package dev.ferry.disk.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLException;

/**
 * Tries a remote request again after transient failures (connection reset, timeouts, HTTP 5xx), a bounded number of
 * times with doubling waits; fails at once on everything else (refused access, bad certificates, protocol errors).
 */
final class RetryPolicy {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** One attempt at a remote request. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws IOException;
    }

    private final int maxRetries;
    private final Duration backoff;

    RetryPolicy(int maxRetries, Duration backoff) {
        this.maxRetries = maxRetries;
        this.backoff = backoff;
    }

    <T> T run(Attempt<T> attempt) throws IOException {
        for (int retry = 0;; retry++) {
            try {
                return attempt.run();
            } catch (IOException e) {
                if (retry >= maxRetries || !isTransient(e)) {
                    if (retry > 0) {
                        e.addSuppressed(new IOException("gave up after " + (retry + 1) + " attempts"));
                    }
                    throw e;
                }
                pause(retry);
            }
        }
    }

    static boolean isTransient(IOException e) {
        if (e instanceof RemoteSourceException remote) {
            return remote.transientFailure();
        }
        // Certificate and handshake problems do not go away by asking again; interrupts mean stop.
        return !(e instanceof SSLException) && !(e instanceof InterruptedIOException && !isTimeout(e));
    }

    private static boolean isTimeout(IOException e) {
        return e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.SocketTimeoutException;
    }

    private void pause(int retry) throws InterruptedIOException {
        long millis = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(retry, 20));
        // Jitter keeps parallel readers that failed together from retrying in lockstep.
        millis += ThreadLocalRandom.current().nextLong(millis / 4 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
