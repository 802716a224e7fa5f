package dev.ferry.disk.source;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import dev.ferry.disk.Extent;

/**
 * The bytes of an image file, wherever they live (a local file, an HTTP(S) URL, an NBD export). Positional reads
 * must be safe from several threads at once.
 */
public interface ByteSource extends Closeable {

    /** Size of the file or export in bytes. */
    long size() throws IOException;

    /**
     * Reads up to {@code destination.remaining()} bytes at {@code position}; returns the count read, or -1 at end of
     * file.
     */
    int read(long position, ByteBuffer destination) throws IOException;

    /** Reads exactly {@code destination.remaining()} bytes at {@code position}, or fails with EOFException. */
    default void readFully(long position, ByteBuffer destination) throws IOException {
        long at = position;
        while (destination.hasRemaining()) {
            int count = read(at, destination);
            if (count < 0) {
                throw new EOFException(describe() + ": unexpected end of file at offset " + at + " (file size " + size()
                        + ")");
            }
            at += count;
        }
    }

    /**
     * Which parts of {@code [offset, offset + length)} the medium knows to be zero or unallocated, in order and
     * covering the range. Sources that cannot tell answer with one data extent; NBD exports with
     * {@code base:allocation} and sparse files can do better.
     */
    default List<Extent> allocation(long offset, long length) throws IOException {
        return List.of(Extent.data(offset, length));
    }

    /**
     * The first run of {@code length} guest bytes from {@code guestOffset} that are stored as they are at
     * {@code position} here: zeros as far as the medium has a hole, else data as far as it has data. For formats that
     * store guest bytes as they are (raw, fixed VHD, flat VMDK extents, the blocks of dynamic VHD and VHDX), whose
     * holes in the file are holes in the disk.
     */
    default Extent storedRun(long position, long guestOffset, long length) throws IOException {
        Extent first = allocation(position, length).get(0);
        long runLength = Math.min(first.length(), length);
        return first.zero() ? Extent.zeros(guestOffset, runLength) : Extent.data(guestOffset, runLength);
    }

    /**
     * Opens another file that this one refers to by name (a VMDK descriptor's extent, a VHD's or qcow2's parent),
     * confined to this source's folder or location.
     *
     * @throws SecurityException when the name would escape the folder
     * @throws UnsupportedOperationException when this kind of source has no notion of neighbours
     */
    default ByteSource openSibling(String relativeName) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot open related files such as '" + relativeName + "'");
    }

    /** Where the bytes come from, for messages: a path or a URL without credentials. */
    String describe();
}
