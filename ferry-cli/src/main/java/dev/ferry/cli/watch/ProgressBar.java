package dev.ferry.cli.watch;

/** A text progress bar, "[#########.........]", in plain ASCII so that every terminal and log shows it. */
public final class ProgressBar {

    private ProgressBar() {
    }

    /**
     * @param width characters between the brackets
     * @return the bar for {@code done} of {@code total}; empty when the total is not known yet
     */
    public static String render(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, Math.max(0, done) * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** Seconds left at {@code bytesPerSecond}, or null when nothing moves. */
    public static Long etaSeconds(long done, long total, long bytesPerSecond) {
        if (bytesPerSecond <= 0 || total <= 0) {
            return null;
        }
        long left = Math.max(0, total - done);
        return (left + bytesPerSecond - 1) / bytesPerSecond;
    }
}
