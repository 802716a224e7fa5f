package dev.ferry.disk.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

import dev.ferry.disk.convert.ConversionListener;
import dev.ferry.disk.convert.ConversionProgress;

/** Shows progress on stderr: a bar redrawn in place on a terminal, plain lines (with checkpoints) in logs. */
final class ProgressDisplay implements ConversionListener {

    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private boolean barShown;

    private ProgressDisplay(PrintWriter err, boolean terminal, boolean quiet) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    /** A display for this process's stderr, which counts as a terminal when the JVM has a console. */
    static ProgressDisplay onStderr(PrintWriter err, boolean quiet) {
        return new ProgressDisplay(err, System.console() != null, quiet);
    }

    /** How often to report: often enough for a smooth bar, rarely enough not to flood a log. */
    Duration interval() {
        return terminal ? Duration.ofMillis(200) : Duration.ofSeconds(10);
    }

    @Override
    public void progress(ConversionProgress progress) {
        if (quiet) {
            return;
        }
        if (terminal) {
            err.print("\r" + bar(progress));
            barShown = true;
        } else {
            err.println("progress " + summary(progress));
        }
        err.flush();
    }

    @Override
    public void resumed(long fromOffset) {
        endBar();
        err.println("resuming from the checkpoint at guest offset " + fromOffset + " (" + ByteSize.format(fromOffset)
                + ")");
        err.flush();
    }

    @Override
    public void checkpointed(long committedOffset) {
        if (!terminal && !quiet) {
            err.println("checkpoint at guest offset " + committedOffset + " (" + ByteSize.format(committedOffset)
                    + ")");
            err.flush();
        }
    }

    /** Moves past the bar so that the next output starts on a fresh line. */
    void endBar() {
        if (barShown) {
            err.println();
            err.flush();
            barShown = false;
        }
    }

    private static String bar(ConversionProgress progress) {
        int filled = (int) Math.round(progress.fraction() * BAR_WIDTH);
        String remaining = progress.bytesPerSecond() <= 0 ? ""
                : "  ETA " + duration(Duration.ofSeconds(
                        (long) ((progress.bytesTotal() - progress.bytesDone()) / progress.bytesPerSecond())));
        // Trailing spaces erase what a longer previous line left behind.
        return "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + summary(progress) + remaining
                + "     ";
    }

    private static String summary(ConversionProgress progress) {
        return String.format(Locale.ROOT, "%5.1f%%  %s of %s  %s/s", progress.fraction() * 100,
                ByteSize.format(progress.bytesDone()), ByteSize.format(progress.bytesTotal()),
                ByteSize.format(progress.bytesPerSecond()));
    }

    private static String duration(Duration duration) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(),
                duration.toSecondsPart());
    }
}
