package dev.ferry.disk.write;

import java.nio.ByteBuffer;

/**
 * Enforces what a writer's commits must look like: strictly ascending, non-overlapping, aligned (except a tail that
 * ends at the disk's end) and inside the disk.
 */
public final class CommitOrder {

    private final int alignment;
    private final long diskEnd;
    private long committedEnd;

    /** @param committedEnd where the last commit ended (0 for a new writer, the checkpoint's for a resumed one) */
    public CommitOrder(int alignment, long diskEnd, long committedEnd) {
        this.alignment = alignment;
        this.diskEnd = diskEnd;
        this.committedEnd = committedEnd;
    }

    /** Checks a chunk for encode(); does not record it. */
    public void checkChunk(long offset, long length) {
        if (length <= 0 || offset < 0 || offset > diskEnd - length) {
            throw new IllegalArgumentException("chunk of " + length + " bytes at " + offset
                    + " lies outside a disk of " + diskEnd + " bytes");
        }
        long end = offset + length;
        if (offset % alignment != 0 || (end % alignment != 0 && end != diskEnd)) {
            throw new IllegalArgumentException("chunk " + offset + "+" + length + " is not aligned to " + alignment
                    + " bytes");
        }
    }

    /**
     * encode() of a format that stores guest bytes as they are: checks the chunk and carries its bytes, which stay the
     * caller's and valid until committed, with no work and no copy.
     */
    public EncodedChunk unencoded(long offset, ByteBuffer data) {
        checkChunk(offset, data.remaining());
        return new EncodedChunk(offset, data.remaining(), data.slice());
    }

    /** Checks and records a commit. */
    public void accept(long offset, long length) {
        checkChunk(offset, length);
        if (offset < committedEnd) {
            throw new IllegalStateException("commit at " + offset + " does not follow the previous commit, which ended"
                    + " at " + committedEnd + " (commits must be ascending and must not overlap)");
        }
        committedEnd = offset + length;
    }

    public long committedEnd() {
        return committedEnd;
    }
}
