package dev.ferry.disk.raw;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;

/** Writes a raw image sparsely: committed data lands at its guest offset and everything else stays a hole. */
public final class RawImageWriter implements DiskImageWriter {

    /** Commit and zero-detection granularity: the usual file system block, so skipped zeros become real holes. */
    public static final int ALIGNMENT = 4096;

    private static final byte STATE_VERSION = 1;
    private static final int STATE_BYTES = 1 + 3 * Long.BYTES;

    private final Path file;
    // RandomAccessFile rather than FileChannel.open: only setLength can grow a file without writing (a hole).
    private final RandomAccessFile randomAccess;
    private final FileChannel channel;
    private final long virtualSize;
    private long nextOffset;
    private boolean finished;

    private RawImageWriter(Path file, RandomAccessFile randomAccess, long virtualSize, long nextOffset) {
        this.file = file;
        this.randomAccess = randomAccess;
        this.channel = randomAccess.getChannel();
        this.virtualSize = virtualSize;
        this.nextOffset = nextOffset;
    }

    /** Creates {@code file}, which must not exist, for a disk of {@code virtualSize} bytes. */
    static RawImageWriter create(Path file, long virtualSize) throws IOException {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("virtual size must not be negative: " + virtualSize);
        }
        Files.createFile(file);
        return new RawImageWriter(file, new RandomAccessFile(file.toFile(), "rw"), virtualSize, 0);
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
        RandomAccessFile randomAccess = new RandomAccessFile(file.toFile(), "rw");
        try {
            if (randomAccess.length() < fileLength) {
                throw new ImageFormatException("raw", fileLength, "partial image " + file + " is shorter ("
                        + randomAccess.length() + " bytes) than its checkpoint says");
            }
            // Whatever was written after the checkpoint lies beyond its length (commits ascend): cut it off.
            randomAccess.setLength(fileLength);
            return new RawImageWriter(file, randomAccess, virtualSize, nextOffset);
        } catch (IOException | RuntimeException e) {
            randomAccess.close();
            throw e;
        }
    }

    @Override
    public int alignment() {
        return ALIGNMENT;
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) {
        checkRange(offset, data.remaining());
        // Raw needs no CPU work: the chunk carries the caller's bytes, which stay valid until committed.
        return new EncodedChunk(offset, data.remaining(), data.duplicate());
    }

    @Override
    public void commit(EncodedChunk chunk) throws IOException {
        checkOpen();
        checkRange(chunk.offset(), chunk.length());
        if (chunk.offset() < nextOffset) {
            throw new IllegalStateException("commit at " + chunk.offset() + " overlaps or precedes the previous one "
                    + "(next allowed offset " + nextOffset + ")");
        }
        ByteBuffer data = ((ByteBuffer) chunk.payload()).duplicate();
        long position = chunk.offset();
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
        nextOffset = chunk.offset() + chunk.length();
    }

    @Override
    public byte[] checkpoint() throws IOException {
        checkOpen();
        channel.force(true);
        return ByteBuffer.allocate(STATE_BYTES)
                .put(STATE_VERSION)
                .putLong(virtualSize)
                .putLong(nextOffset)
                .putLong(channel.size())
                .array();
    }

    @Override
    public void finish() throws IOException {
        checkOpen();
        if (randomAccess.length() < virtualSize) {
            randomAccess.setLength(virtualSize);
        }
        channel.force(true);
        finished = true;
        randomAccess.close();
    }

    @Override
    public void close() throws IOException {
        randomAccess.close();
    }

    private void checkRange(long offset, int length) {
        long end = offset + length;
        if (offset < 0 || length <= 0 || end > virtualSize) {
            throw new IllegalArgumentException("chunk " + offset + "+" + length + " lies outside a disk of "
                    + virtualSize + " bytes");
        }
        if (offset % ALIGNMENT != 0 || (length % ALIGNMENT != 0 && end != virtualSize)) {
            throw new IllegalArgumentException("chunk " + offset + "+" + length + " is not aligned to "
                    + ALIGNMENT + " bytes");
        }
    }

    private void checkOpen() {
        if (finished || !channel.isOpen()) {
            throw new IllegalStateException("raw writer for " + file + " is already finished or closed");
        }
    }
}
