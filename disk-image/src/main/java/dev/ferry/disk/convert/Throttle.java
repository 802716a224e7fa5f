package dev.ferry.disk.convert;

import java.io.InterruptedIOException;

/**
 * Caps how fast a conversion reads its source. Workers ask before each read; one instance may be shared by several
 * conversions to cap them together (for example all conversions of one worker process or one source host).
 */
public interface Throttle {

    /**
     * Blocks until {@code bytes} more may be read, or returns early once {@code cancellation} is cancelled.
     *
     * @throws InterruptedIOException when the waiting thread is interrupted
     */
    void acquire(long bytes, CancellationToken cancellation) throws InterruptedIOException;

    /** No limit. */
    static Throttle unlimited() {
        return (bytes, cancellation) -> {
        };
    }

    /** At most {@code bytesPerSecond} on average, shared by every thread that uses the returned throttle. */
    static Throttle bytesPerSecond(long bytesPerSecond) {
        return new BandwidthThrottle(bytesPerSecond, System::nanoTime, BandwidthThrottle::park);
    }
}
