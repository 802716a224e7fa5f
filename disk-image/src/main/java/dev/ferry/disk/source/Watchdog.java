package dev.ferry.disk.source;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a cheap action (closing a connection) when a deadline passes, so a silent or stalled server cannot hang a
 * blocking read or write: blocking socket channels have no timeouts of their own.
 */
final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = createTimer();

    private Watchdog() {
    }

    /** Runs {@code action} after {@code delay} unless the returned future is cancelled first. */
    static ScheduledFuture<?> after(Duration delay, Runnable action) {
        return TIMER.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor createTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ferry-source-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // Most deadlines are cancelled because the answer came in time; drop them at once.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
