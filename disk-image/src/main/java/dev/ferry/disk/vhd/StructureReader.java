package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.source.ByteSource;

/** Reads a metadata structure of known size, refusing one that would lie outside the file before allocating it. */
public final class StructureReader {

    private final ByteSource source;
    private final String format;
    private final long fileSize;

    public StructureReader(ByteSource source, String format) throws IOException {
        this.source = source;
        this.format = format;
        this.fileSize = source.size();
    }

    public long fileSize() {
        return fileSize;
    }

    /** Reads {@code length} bytes at {@code offset}; {@code what} names the structure in the error message. */
    public ByteBuffer read(long offset, int length, String what) throws IOException {
        requireInside(offset, length, what);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        source.readFully(offset, buffer);
        return buffer.flip();
    }

    /** Fails unless {@code [offset, offset + length)} lies inside the file. */
    public void requireInside(long offset, long length, String what) throws ImageFormatException {
        if (offset < 0 || length < 0 || offset > fileSize - length) {
            throw new ImageFormatException(format, offset, what + " of " + length + " bytes lies beyond the end of the "
                    + "file (" + fileSize + " bytes)");
        }
    }
}
