package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The last three sectors of a streamOptimized extent: a footer marker, a copy of the header that gives the real grain
 * directory offset, and the end-of-stream marker. A stream that was cut off has none of them.
 */
final class StreamFooter {

    private static final int LENGTH = 3 * SECTOR_SIZE;

    private StreamFooter() {
    }

    /** Reads the footer's header, checking it against the {@code primary} header at the start of the file. */
    static SparseExtentHeader read(ExtentFile file, SparseExtentHeader primary) throws IOException {
        long end = file.size() / SECTOR_SIZE * SECTOR_SIZE;
        if (end < SparseExtentHeader.SIZE + LENGTH) {
            throw VmdkFormat.corrupt(file.size(), "streamOptimized extent of " + file.size()
                    + " bytes is too short to hold its footer (the download or export was cut off?)");
        }
        long at = end - LENGTH;
        ByteBuffer tail = file.read(at, LENGTH, "streamOptimized footer");
        if (tail.getInt(8) != 0 || tail.getInt(12) != VmdkFormat.MARKER_FOOTER) {
            throw VmdkFormat.corrupt(at, "streamOptimized extent does not end with a footer marker (the stream was"
                    + " cut off or never finished)");
        }
        if (tail.getLong(2 * SECTOR_SIZE) != 0 || tail.getInt(2 * SECTOR_SIZE + 8) != 0
                || tail.getInt(2 * SECTOR_SIZE + 12) != VmdkFormat.MARKER_END_OF_STREAM) {
            throw VmdkFormat.corrupt(at + 2 * SECTOR_SIZE, "streamOptimized extent does not end with an"
                    + " end-of-stream marker");
        }
        SparseExtentHeader footer = SparseExtentHeader.parse(tail.slice(SECTOR_SIZE, SECTOR_SIZE), at + SECTOR_SIZE);
        if (footer.directoryOffset() == VmdkFormat.DIRECTORY_AT_END) {
            throw VmdkFormat.corrupt(at + SECTOR_SIZE + 56, "footer does not give the grain directory's offset");
        }
        if (footer.capacity() != primary.capacity() || footer.grainSize() != primary.grainSize()
                || footer.tableEntries() != primary.tableEntries()) {
            throw VmdkFormat.corrupt(at + SECTOR_SIZE, "footer and header disagree on capacity, grain size or grain"
                    + " table size");
        }
        return footer;
    }
}
