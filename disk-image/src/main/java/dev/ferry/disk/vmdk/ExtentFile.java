package dev.ferry.disk.vmdk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.ferry.disk.source.ByteSource;

/**
 * One file of a VMDK (descriptor, sparse or flat extent) whose size is read once, so that every read can be checked
 * against it first: a read past the end is a corrupt image, reported with the offset and what was being read.
 */
final class ExtentFile implements Closeable {

    private final ByteSource source;
    private final long size;

    ExtentFile(ByteSource source) throws IOException {
        this.source = source;
        this.size = source.size();
    }

    ByteSource source() {
        return source;
    }

    long size() {
        return size;
    }

    String name() {
        return source.describe();
    }

    /** Fills {@code destination} from {@code position}, or fails naming {@code what} when the file is too short. */
    void readFully(long position, ByteBuffer destination, String what) throws IOException {
        requireWithin(position, destination.remaining(), what);
        source.readFully(position, destination);
    }

    /** Reads {@code length} bytes at {@code position} into a new little-endian buffer, flipped for reading. */
    ByteBuffer read(long position, int length, String what) throws IOException {
        requireWithin(position, length, what);
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        source.readFully(position, buffer);
        return buffer.flip();
    }

    void requireWithin(long position, long length, String what) throws IOException {
        if (position < 0 || length < 0 || position > size || length > size - position) {
            throw VmdkFormat.corrupt(position, what + " (" + length + " bytes) lies beyond the end of " + name()
                    + " (" + size + " bytes)");
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
