package dev.ferry.disk.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.write.CommitOrder;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.OutputFile;

/** Writes a raw image sparsely: committed data lands at its guest offset and everything else stays a hole. */
public final class RawImageWriter implements DiskImageWriter {

    /** Commit and zero-detection granularity: the usual file system block, so skipped zeros become real holes. */
    public static final int ALIGNMENT = 4096;

    private static final byte STATE_VERSION = 1;
    private static final int STATE_BYTES = 1 + 3 * Long.BYTES;

    private final OutputFile file;
    private final long virtualSize;
    private final CommitOrder order;
    private boolean finished;

    private RawImageWriter(OutputFile file, long virtualSize, long nextOffset) {
        this.file = file;
        this.virtualSize = virtualSize;
        this.order = new CommitOrder(ALIGNMENT, virtualSize, nextOffset);
    }

    /** Creates {@code file}, which must not exist, for a disk of {@code virtualSize} bytes. */
    static RawImageWriter create(Path file, long virtualSize) throws IOException {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("virtual size must not be negative: " + virtualSize);
        }
        return new RawImageWriter(OutputFile.createNew(file), virtualSize, 0);
    }

    /** Reopens a partly written file from the state its last {@link #checkpoint()} returned. */
    static RawImageWriter resume(Path file, byte[] state) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(state);
        if (state.length != STATE_BYTES || buffer.get() != STATE_VERSION) {
            throw new ImageFormatException("raw", "unsupported writer checkpoint state for " + file);
        }
        long virtualSize = buffer.getLong();
        long nextOffset = buffer.getLong();
        long fileLength = buffer.getLong();
        if (virtualSize < 0 || nextOffset < 0 || nextOffset > virtualSize || fileLength > nextOffset) {
            throw new ImageFormatException("raw", "inconsistent writer checkpoint state for " + file);
        }
        OutputFile output = OutputFile.openExisting(file);
        try {
            if (output.size() < fileLength) {
                throw new ImageFormatException("raw", fileLength, "partial image " + file + " is shorter ("
                        + output.size() + " bytes) than its checkpoint says");
            }
            // Whatever was written after the checkpoint lies beyond its length (commits ascend): cut it off.
            output.truncate(fileLength);
            return new RawImageWriter(output, virtualSize, nextOffset);
        } catch (IOException | RuntimeException e) {
            output.close();
            throw e;
        }
    }

    @Override
    public int alignment() {
        return ALIGNMENT;
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) {
        return order.unencoded(offset, data);
    }

    @Override
    public void commit(EncodedChunk chunk) throws IOException {
        checkOpen();
        order.accept(chunk.offset(), chunk.length());
        file.write(chunk.offset(), ((ByteBuffer) chunk.payload()).duplicate());
    }

    @Override
    public byte[] checkpoint() throws IOException {
        checkOpen();
        file.force();
        return ByteBuffer.allocate(STATE_BYTES)
                .put(STATE_VERSION)
                .putLong(virtualSize)
                .putLong(order.committedEnd())
                .putLong(file.size())
                .array();
    }

    @Override
    public void finish(boolean durable) throws IOException {
        checkOpen();
        file.extendTo(virtualSize);
        file.close(durable);
        finished = true;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private void checkOpen() {
        if (finished || !file.isOpen()) {
            throw new IllegalStateException("raw writer for " + file.path() + " is already finished or closed");
        }
    }
}
