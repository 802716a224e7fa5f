package dev.ferry.disk;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Zero filling and zero detection of buffers, for readers (ranges that read as zeros) and writers (zeros they must
 * not store). Comparisons use {@link ByteBuffer#mismatch} against a shared zero buffer, which the JDK vectorises;
 * there is no per-byte loop.
 */
public final class ZeroBytes {

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private ZeroBytes() {
    }

    /** Zeros {@code buffer} from its position to its limit and moves the position to the limit. */
    public static void fill(ByteBuffer buffer) {
        int limit = buffer.limit();
        fill(buffer, buffer.position(), limit);
        buffer.position(limit);
    }

    /** Puts {@code count} zeros at the position of {@code buffer} and moves the position past them. */
    public static void put(ByteBuffer buffer, int count) {
        int position = buffer.position();
        fill(buffer, position, position + count);
        buffer.position(position + count);
    }

    /** Sets bytes {@code [from, to)} of {@code data} (absolute indexes) to zero; the position does not move. */
    public static void fill(ByteBuffer data, int from, int to) {
        Objects.checkFromToIndex(from, to, data.limit());
        if (data.hasArray()) {
            Arrays.fill(data.array(), data.arrayOffset() + from, data.arrayOffset() + to, (byte) 0);
            return;
        }
        int position = from;
        while (position < to) {
            int count = Math.min(ZEROS.capacity(), to - position);
            data.put(position, ZEROS, 0, count);
            position += count;
        }
    }

    /** Whether bytes {@code [from, to)} of {@code data} (absolute indexes) are all zero. */
    public static boolean isZero(ByteBuffer data, int from, int to) {
        return firstNonZero(data, from, to) < 0;
    }

    /** Index of the first non-zero byte in {@code [from, to)}, or -1 when there is none. */
    public static int firstNonZero(ByteBuffer data, int from, int to) {
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
}
