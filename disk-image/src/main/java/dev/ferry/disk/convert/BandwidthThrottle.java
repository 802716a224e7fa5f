package dev.ferry.disk.convert;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A {@link Throttle} that paces reads to a byte rate: each request reserves the next free slot of time its bytes
 * need, and waits until that slot starts. Waiting threads wake at least every {@value #MAX_WAIT_MILLIS} ms to notice
 * cancellation.
 */
final class BandwidthThrottle implements Throttle {

    /** How a thread waits; tests replace it with a virtual clock. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedIOException;
    }

    private static final long MAX_WAIT_MILLIS = 50;

    private final double nanosPerByte;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextFree;
    private boolean started;

    BandwidthThrottle(long bytesPerSecond, LongSupplier clock, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("throttle rate must be positive, got " + bytesPerSecond);
        }
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public void acquire(long bytes, CancellationToken cancellation) throws InterruptedIOException {
        long start = reserve(bytes);
        long wait;
        while ((wait = start - clock.getAsLong()) > 0 && !cancellation.isCancelled()) {
            sleeper.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS)));
        }
    }

    /** Reserves time for {@code bytes} and returns when the caller may start; an idle throttle saves up no credit. */
    private synchronized long reserve(long bytes) {
        long now = clock.getAsLong();
        if (!started || nextFree - now < 0) {
            nextFree = now;
            started = true;
        }
        long start = nextFree;
        nextFree += (long) (bytes * nanosPerByte);
        return start;
    }

    static void park(long nanos) throws InterruptedIOException {
        LockSupport.parkNanos(nanos);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while throttled");
        }
    }
}
