package dev.ferry.disk.vmdk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.ZeroBytes;

/**
 * A file being written that grows strictly forward: appends are queued and go out as one gathering write on
 * {@link #flush()}. Metadata that lives at fixed places is written in place with {@link #writeAt}.
 */
final class AppendingFile implements Closeable {

    private final FileChannel channel;
    private final List<ByteBuffer> pending = new ArrayList<>();
    private long pendingStart;
    private long length;

    AppendingFile(FileChannel channel, long length) {
        this.channel = channel;
        this.length = length;
    }

    /** Where the next append lands: the valid length of the file once flushed. */
    long length() {
        return length;
    }

    void append(ByteBuffer bytes) {
        if (pending.isEmpty()) {
            pendingStart = length;
        }
        pending.add(bytes);
        length += bytes.remaining();
    }

    void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = pending.toArray(ByteBuffer[]::new);
        channel.position(pendingStart);
        long left = length - pendingStart;
        while (left > 0) {
            left -= channel.write(buffers);
        }
        pending.clear();
    }

    void writeAt(long position, ByteBuffer bytes) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Reads what the file holds at {@code position}; holes and the region past its end read as zeros. */
    void readAt(long position, ByteBuffer destination) throws IOException {
        long at = position;
        while (destination.hasRemaining()) {
            int count = channel.read(destination, at);
            if (count < 0) {
                ZeroBytes.fill(destination);
                return;
            }
            at += count;
        }
    }

    /** Flushes and makes everything durable, including the file's length. */
    void force() throws IOException {
        flush();
        channel.force(true);
    }

    /** Discards everything from {@code newLength} on; nothing may be pending. */
    void truncate(long newLength) throws IOException {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("truncating with appends pending");
        }
        channel.truncate(newLength);
        length = newLength;
    }

    long size() throws IOException {
        return channel.size();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
