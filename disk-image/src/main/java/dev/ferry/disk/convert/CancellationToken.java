package dev.ferry.disk.convert;

/**
 * Asks a running conversion to stop. Any thread may cancel; the conversion checks between chunks, stops promptly,
 * checkpoints what it has committed and fails with {@link ConversionCancelledException}.
 */
public final class CancellationToken {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
