package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.ferry.disk.ImageFormatException;

/**
 * The 512-byte header of a hosted sparse extent (magic "KDMV"), little-endian; offsets and sizes are in sectors.
 *
 * @param version 1, 2 (zeroed-grain entries) or 3 (streamOptimized, or changed-block tracking)
 * @param flags {@code VmdkFormat.FLAG_*} bits
 * @param capacity extent size in sectors
 * @param grainSize sectors per grain
 * @param descriptorOffset sector of the embedded descriptor, 0 when there is none
 * @param descriptorSize sectors reserved for the embedded descriptor
 * @param tableEntries grain table entries per grain table
 * @param redundantDirectoryOffset sector of the redundant grain directory
 * @param directoryOffset sector of the grain directory, or {@link VmdkFormat#DIRECTORY_AT_END}
 * @param overhead sectors of metadata before the first grain
 * @param uncleanShutdown set while a VMware product has the disk open for writing
 * @param compression {@link VmdkFormat#COMPRESSION_NONE} or {@link VmdkFormat#COMPRESSION_DEFLATE}
 */
record SparseExtentHeader(
        int version,
        int flags,
        long capacity,
        long grainSize,
        long descriptorOffset,
        long descriptorSize,
        int tableEntries,
        long redundantDirectoryOffset,
        long directoryOffset,
        long overhead,
        boolean uncleanShutdown,
        int compression) {

    static final int SIZE = SECTOR_SIZE;

    // The four characters a text-mode transfer would mangle, checked when FLAG_NEWLINE_CHECK is set.
    private static final byte[] NEWLINE_CHECK = { '\n', ' ', '\r', '\n' };
    private static final int NEWLINE_CHECK_OFFSET = 73;

    /** Parses and sanity-checks a header read at {@code fileOffset}; {@code sector} holds 512 bytes. */
    static SparseExtentHeader parse(ByteBuffer sector, long fileOffset) throws ImageFormatException {
        ByteBuffer in = sector.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = in.position();
        if (in.getInt(base) != VmdkFormat.SPARSE_MAGIC) {
            throw VmdkFormat.corrupt(fileOffset, "no sparse extent header (magic KDMV) here");
        }
        SparseExtentHeader header = new SparseExtentHeader(
                in.getInt(base + 4),
                in.getInt(base + 8),
                in.getLong(base + 12),
                in.getLong(base + 20),
                in.getLong(base + 28),
                in.getLong(base + 36),
                in.getInt(base + 44),
                in.getLong(base + 48),
                in.getLong(base + 56),
                in.getLong(base + 64),
                in.get(base + 72) != 0,
                Short.toUnsignedInt(in.getShort(base + 77)));
        header.validate(fileOffset);
        if (header.hasFlag(VmdkFormat.FLAG_NEWLINE_CHECK)
                && !in.slice(base + NEWLINE_CHECK_OFFSET, NEWLINE_CHECK.length).equals(ByteBuffer.wrap(NEWLINE_CHECK))) {
            throw VmdkFormat.corrupt(fileOffset + NEWLINE_CHECK_OFFSET,
                    "line-ending check bytes are damaged: the file was probably transferred in text mode");
        }
        return header;
    }

    private void validate(long fileOffset) throws ImageFormatException {
        if (version < 1 || version > 3) {
            throw VmdkFormat.corrupt(fileOffset + 4, "unsupported sparse extent version " + Integer.toUnsignedString(
                    version));
        }
        if (grainSize < 1 || grainSize > VmdkFormat.MAX_GRAIN_SIZE / SECTOR_SIZE || Long.bitCount(grainSize) != 1) {
            throw VmdkFormat.corrupt(fileOffset + 20, "grain size of " + Long.toUnsignedString(grainSize)
                    + " sectors is not a power of two of at most " + VmdkFormat.MAX_GRAIN_SIZE / SECTOR_SIZE);
        }
        if (capacity < 0 || capacity > VmdkFormat.MAX_VIRTUAL_SIZE / SECTOR_SIZE) {
            throw VmdkFormat.corrupt(fileOffset + 12, "capacity of " + Long.toUnsignedString(capacity)
                    + " sectors exceeds the supported " + VmdkFormat.MAX_VIRTUAL_SIZE + " bytes");
        }
        if (tableEntries < 1 || tableEntries > VmdkFormat.MAX_TABLE_ENTRIES) {
            throw VmdkFormat.corrupt(fileOffset + 44, Integer.toUnsignedString(tableEntries)
                    + " entries per grain table (expected 512, at most " + VmdkFormat.MAX_TABLE_ENTRIES + ")");
        }
        if (compression != VmdkFormat.COMPRESSION_NONE && compression != VmdkFormat.COMPRESSION_DEFLATE) {
            throw VmdkFormat.corrupt(fileOffset + 77, "unsupported compression algorithm " + compression);
        }
        if (compressed() && !hasFlag(VmdkFormat.FLAG_MARKERS)) {
            throw VmdkFormat.corrupt(fileOffset + 8, "compressed grains without grain markers are not supported");
        }
        if (directoryEntries() > VmdkFormat.MAX_DIRECTORY_ENTRIES) {
            throw VmdkFormat.corrupt(fileOffset + 44, "grain directory of " + directoryEntries()
                    + " entries is larger than the supported " + VmdkFormat.MAX_DIRECTORY_ENTRIES);
        }
    }

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    boolean compressed() {
        return compression == VmdkFormat.COMPRESSION_DEFLATE;
    }

    boolean zeroedGrainEntries() {
        return hasFlag(VmdkFormat.FLAG_ZEROED_GRAIN_ENTRIES);
    }

    int grainBytes() {
        return (int) grainSize * SECTOR_SIZE;
    }

    int tableBytes() {
        return tableEntries * Integer.BYTES;
    }

    /** Bytes of guest data one grain table covers. */
    long tableCoverage() {
        return (long) tableEntries * grainBytes();
    }

    long directoryEntries() {
        long coverage = tableEntries * grainSize;
        return (capacity + coverage - 1) / coverage;
    }

    SparseExtentHeader withDirectoryOffset(long sector) {
        return new SparseExtentHeader(version, flags, capacity, grainSize, descriptorOffset, descriptorSize,
                tableEntries, redundantDirectoryOffset, sector, overhead, uncleanShutdown, compression);
    }

    /** The header as the 512 bytes a file holds. */
    ByteBuffer encode() {
        ByteBuffer out = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(VmdkFormat.SPARSE_MAGIC)
                .putInt(version)
                .putInt(flags)
                .putLong(capacity)
                .putLong(grainSize)
                .putLong(descriptorOffset)
                .putLong(descriptorSize)
                .putInt(tableEntries)
                .putLong(redundantDirectoryOffset)
                .putLong(directoryOffset)
                .putLong(overhead)
                .put((byte) (uncleanShutdown ? 1 : 0))
                .put(NEWLINE_CHECK)
                .putShort((short) compression);
        return out.clear();
    }
}
