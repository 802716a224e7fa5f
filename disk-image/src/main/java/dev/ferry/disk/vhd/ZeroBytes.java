package dev.ferry.disk.vhd;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Fills buffers with zeros for ranges an image says read as zero. */
public final class ZeroBytes {

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private ZeroBytes() {
    }

    /** Zeros {@code buffer} from its position to its limit and moves the position to the limit. */
    public static void fill(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int from = buffer.arrayOffset() + buffer.position();
            Arrays.fill(buffer.array(), from, from + buffer.remaining(), (byte) 0);
            buffer.position(buffer.limit());
            return;
        }
        while (buffer.hasRemaining()) {
            buffer.put(ZEROS.duplicate().limit(Math.min(ZEROS.capacity(), buffer.remaining())));
        }
    }
}
