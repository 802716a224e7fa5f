package dev.ferry.disk.vmdk;

import java.nio.ByteBuffer;

/** Writes and recognises runs of zero bytes a block at a time, never a byte at a time. */
final class Zeros {

    private static final ByteBuffer BLOCK = ByteBuffer.allocateDirect(VmdkFormat.MAX_GRAIN_SIZE).asReadOnlyBuffer();

    private Zeros() {
    }

    /** Puts {@code count} zero bytes into {@code destination}. */
    static void fill(ByteBuffer destination, long count) {
        long left = count;
        while (left > 0) {
            int step = (int) Math.min(left, BLOCK.capacity());
            destination.put(BLOCK.slice(0, step));
            left -= step;
        }
    }

    /** Whether {@code length} bytes of {@code data} from absolute index {@code from} are all zero. */
    static boolean isZero(ByteBuffer data, int from, int length) {
        for (int done = 0; done < length;) {
            int step = Math.min(length - done, BLOCK.capacity());
            if (data.slice(from + done, step).mismatch(BLOCK.slice(0, step)) >= 0) {
                return false;
            }
            done += step;
        }
        return true;
    }
}
