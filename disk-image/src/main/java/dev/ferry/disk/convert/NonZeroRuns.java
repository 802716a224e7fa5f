package dev.ferry.disk.convert;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.ZeroBytes;

/** Finds the runs of a chunk buffer that are not all zero, in whole units, so the pipeline commits only those. */
final class NonZeroRuns {

    /** Receives non-zero runs, as indexes into the buffer, in ascending order. */
    interface RunConsumer {
        void accept(int from, int to) throws IOException;
    }

    private NonZeroRuns() {
    }

    /**
     * Reports each maximal run of units of {@code unit} bytes in {@code [0, length)} that are not all zero; the last
     * unit may be shorter. Zero stretches between runs cost one comparison per megabyte.
     */
    static void forEach(ByteBuffer data, int length, int unit, RunConsumer consumer) throws IOException {
        int position = 0;
        while (position < length) {
            int nonZero = ZeroBytes.firstNonZero(data, position, length);
            if (nonZero < 0) {
                return;
            }
            int runStart = nonZero - nonZero % unit;
            int runEnd = runStart + unit;
            while (runEnd < length && !ZeroBytes.isZero(data, runEnd, Math.min(runEnd + unit, length))) {
                runEnd += unit;
            }
            consumer.accept(runStart, Math.min(runEnd, length));
            // The unit at runEnd was just found to be zero (or lies past the end): continue after it.
            position = runEnd + unit;
        }
    }
}
