package dev.ferry.disk.convert;

import java.time.Duration;

/** Tells a {@link ConversionListener} how a run goes, at most once per interval, and computes the rate. */
final class ProgressTracker {

    private final ConversionListener listener;
    private final long intervalNanos;
    private final long total;
    private final long startOffset;
    private final long startNanos = System.nanoTime();
    private long lastReportNanos = startNanos;

    ProgressTracker(ConversionListener listener, Duration interval, long total, long startOffset) {
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.total = total;
        this.startOffset = startOffset;
    }

    /** Reports if the interval has passed since the last report. */
    void update(long done, long bytesRead, long bytesWritten) {
        long now = System.nanoTime();
        if (now - lastReportNanos >= intervalNanos) {
            report(now, done, bytesRead, bytesWritten);
        }
    }

    /** Reports unconditionally, for the end of a run. */
    void finish(long done, long bytesRead, long bytesWritten) {
        report(System.nanoTime(), done, bytesRead, bytesWritten);
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void report(long now, long done, long bytesRead, long bytesWritten) {
        lastReportNanos = now;
        long elapsedNanos = Math.max(1, now - startNanos);
        double rate = (done - startOffset) * 1e9 / elapsedNanos;
        listener.progress(new ConversionProgress(done, total, bytesRead, bytesWritten, rate,
                Duration.ofNanos(elapsedNanos)));
    }
}
