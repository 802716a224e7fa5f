package dev.ferry.disk.convert;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Zero detection and zero filling of chunk buffers. Comparisons use {@link ByteBuffer#mismatch} against a shared
 * zero buffer, which the JDK vectorises; there is no per-byte loop.
 */
final class ZeroBytes {

    /** Receives non-zero runs, as indexes into the buffer, in ascending order. */
    interface RunConsumer {
        void accept(int from, int to) throws IOException;
    }

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private ZeroBytes() {
    }

    /** Whether bytes {@code [from, to)} of {@code data} (absolute indexes) are all zero. */
    static boolean isZero(ByteBuffer data, int from, int to) {
        return firstNonZero(data, from, to) < 0;
    }

    /** Index of the first non-zero byte in {@code [from, to)}, or -1 when there is none. */
    static int firstNonZero(ByteBuffer data, int from, int to) {
        int position = from;
        while (position < to) {
            int count = Math.min(ZEROS.capacity(), to - position);
            int mismatch = data.slice(position, count).mismatch(ZEROS.slice(0, count));
            if (mismatch >= 0) {
                return position + mismatch;
            }
            position += count;
        }
        return -1;
    }

    /** Sets bytes {@code [from, to)} of {@code data} to zero. */
    static void fill(ByteBuffer data, int from, int to) {
        int position = from;
        while (position < to) {
            int count = Math.min(ZEROS.capacity(), to - position);
            data.put(position, ZEROS, 0, count);
            position += count;
        }
    }

    /**
     * Reports each maximal run of units of {@code unit} bytes in {@code [0, length)} that are not all zero; the last
     * unit may be shorter. Zero stretches between runs cost one comparison per megabyte.
     */
    static void forEachNonZeroRun(ByteBuffer data, int length, int unit, RunConsumer consumer) throws IOException {
        int position = 0;
        while (position < length) {
            int nonZero = firstNonZero(data, position, length);
            if (nonZero < 0) {
                return;
            }
            int runStart = nonZero - nonZero % unit;
            int runEnd = runStart + unit;
            while (runEnd < length && !isZero(data, runEnd, Math.min(runEnd + unit, length))) {
                runEnd += unit;
            }
            consumer.accept(runStart, Math.min(runEnd, length));
            // The unit at runEnd was just found to be zero (or lies past the end): continue after it.
            position = runEnd + unit;
        }
    }
}
