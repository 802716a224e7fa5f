package dev.ferry.disk.vmdk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.write.OutputFile;

/**
 * A file being written that grows strictly forward: appends are queued and go out as one gathering write on
 * {@link #flush()}. Metadata that lives at fixed places is written in place with {@link #writeAt}.
 */
final class AppendingFile implements Closeable {

    private final OutputFile file;
    private final List<ByteBuffer> pending = new ArrayList<>();
    private long pendingStart;
    private long length;

    AppendingFile(OutputFile file, long length) {
        this.file = file;
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
        file.write(pendingStart, pending.toArray(ByteBuffer[]::new));
        pending.clear();
    }

    void writeAt(long position, ByteBuffer bytes) throws IOException {
        file.write(position, bytes);
    }

    /** Reads what the file holds at {@code position}; holes and the region past its end read as zeros. */
    void readAt(long position, ByteBuffer destination) throws IOException {
        file.readOrZeros(position, destination);
    }

    /** Flushes and makes everything durable, including the file's length. */
    void force() throws IOException {
        flush();
        file.force();
    }

    /** Writes what is pending and closes the finished file, first making it durable when asked. */
    void close(boolean durable) throws IOException {
        flush();
        file.close(durable);
    }

    /** Discards everything from {@code newLength} on; nothing may be pending. */
    void truncate(long newLength) throws IOException {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("truncating with appends pending");
        }
        file.truncate(newLength);
        length = newLength;
    }

    long size() throws IOException {
        return file.size();
    }

    boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
