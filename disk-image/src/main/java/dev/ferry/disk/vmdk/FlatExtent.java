package dev.ferry.disk.vmdk;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.Extent;

/** A FLAT or VMFS extent: guest bytes stored as they are in a file, from a start offset on. */
final class FlatExtent implements VmdkExtent {

    private final ExtentFile file;
    private final long start;
    private final long length;

    private FlatExtent(ExtentFile file, long start, long length) {
        this.file = file;
        this.start = start;
        this.length = length;
    }

    /** Checks that the file really holds {@code length} bytes from {@code start}. */
    static FlatExtent open(ExtentFile file, long start, long length, long lineOffset) throws IOException {
        if (start > file.size() || length > file.size() - start) {
            throw VmdkFormat.corrupt(lineOffset, "flat extent needs " + length + " bytes from offset " + start
                    + " of " + file.name() + ", which has only " + file.size());
        }
        return new FlatExtent(file, start, length);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        file.readFully(start + offset, destination, "flat extent data");
    }

    @Override
    public AllocationRun run(long offset, long maxLength) throws IOException {
        // The medium may know its holes (sparse files, NBD block status); a flat extent has no metadata of its own.
        Extent stored = file.source().storedRun(start + offset, offset, Math.min(maxLength, length - offset));
        return new AllocationRun(stored.length(), stored.zero() ? Allocation.ZERO : Allocation.DATA);
    }

    @Override
    public ExtentFile file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
