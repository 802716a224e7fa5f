package dev.ferry.disk.qcow2;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * What a {@link Qcow2Writer} needs to continue after a crash, beyond what its last checkpoint left in the file (the
 * L1 table and the current L2 table are written there).
 *
 * @param virtualSize guest size in bytes
 * @param clusterBits log2 of the cluster size
 * @param compressionLevel deflate level for compressed clusters, or 0 for an uncompressed image
 * @param cursor file offset where the next allocation starts (also the length the file is cut back to)
 * @param committedEnd guest offset just past the last committed chunk
 * @param currentL1Index L1 index of the L2 table being filled, or -1 before the first one
 */
record WriterState(long virtualSize, int clusterBits, int compressionLevel, long cursor, long committedEnd,
        int currentL1Index) {

    /** Bumped whenever the layout below changes, so an old checkpoint is refused rather than misread. */
    private static final byte FORMAT_VERSION = 1;
    private static final int LENGTH = 1 + 8 + 1 + 1 + 8 + 8 + 4;

    byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).put(FORMAT_VERSION).putLong(virtualSize).put((byte) clusterBits)
                .put((byte) compressionLevel).putLong(cursor).putLong(committedEnd).putInt(currentL1Index).array();
    }

    static WriterState parse(byte[] state) {
        if (state == null || state.length != LENGTH || state[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("not a qcow2 writer checkpoint of format version " + FORMAT_VERSION);
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(state, 1, LENGTH - 1);
            WriterState parsed = new WriterState(bytes.getLong(), bytes.get(), bytes.get(), bytes.getLong(),
                    bytes.getLong(), bytes.getInt());
            if (parsed.virtualSize < 0 || parsed.clusterBits < Qcow2.MIN_CLUSTER_BITS
                    || parsed.clusterBits > Qcow2.MAX_CLUSTER_BITS || parsed.cursor < 0 || parsed.committedEnd < 0
                    || parsed.committedEnd > parsed.virtualSize || parsed.currentL1Index < -1) {
                throw new IllegalArgumentException("qcow2 writer checkpoint holds inconsistent values: " + parsed);
            }
            return parsed;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated qcow2 writer checkpoint", e);
        }
    }
}
