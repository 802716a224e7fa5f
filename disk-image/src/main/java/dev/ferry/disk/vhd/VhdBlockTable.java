package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.ferry.disk.ImageFormatException;

/**
 * The block allocation table of a dynamic VHD, read whole at open and checked there: every allocated block lies
 * inside the file and no block overlaps another block or the metadata.
 */
final class VhdBlockTable {

    /** BATs longer than this are refused: 2,040 GiB in 512 KiB blocks fits, absurdly small blocks do not. */
    static final int MAXIMUM_ENTRIES = 1 << 22;
    private static final int UNALLOCATED = -1;

    private final int[] entries;
    private final int allocated;

    private VhdBlockTable(int[] entries, int allocated) {
        this.entries = entries;
        this.allocated = allocated;
    }

    /**
     * Reads the entries a disk of {@code diskSize} bytes needs.
     *
     * @param headerOffset where the dynamic header lies (for messages and the overlap check)
     * @param dataLimit file offset where block data must end (the start of the footer)
     */
    static VhdBlockTable read(StructureReader reader, VhdDynamicHeader header, long headerOffset, long diskSize,
            long dataLimit) throws IOException {
        long blockSize = header.blockSize();
        long blocks = (diskSize + blockSize - 1) / blockSize;
        long declared = Integer.toUnsignedLong(header.maxTableEntries());
        if (declared < blocks) {
            throw new ImageFormatException(VhdFooter.FORMAT, headerOffset + 28, "the BAT has " + declared
                    + " entries but a disk of " + diskSize + " bytes in blocks of " + blockSize + " bytes needs "
                    + blocks);
        }
        if (blocks > MAXIMUM_ENTRIES) {
            throw new ImageFormatException(VhdFooter.FORMAT, headerOffset + 32, "a disk of " + diskSize
                    + " bytes in blocks of " + blockSize + " bytes needs " + blocks + " BAT entries, more than the "
                    + MAXIMUM_ENTRIES + " supported");
        }
        long tableOffset = header.tableOffset();
        ByteBuffer bytes = reader.read(tableOffset, (int) blocks * Integer.BYTES, "block allocation table");
        int[] entries = new int[(int) blocks];
        bytes.asIntBuffer().get(entries);

        long span = header.bitmapSize() + blockSize;
        int[] sortedStarts = new int[entries.length];
        int allocated = 0;
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == UNALLOCATED) {
                continue;
            }
            long start = Integer.toUnsignedLong(entries[i]) * DiskGeometry.SECTOR;
            long needed = header.bitmapSize() + Math.min(blockSize, diskSize - i * blockSize);
            if (start > dataLimit - needed) {
                throw new ImageFormatException(VhdFooter.FORMAT, tableOffset + 4L * i, "BAT entry " + i
                        + " places its block at file offset " + start + ", but blocks must end by offset " + dataLimit
                        + " (the file is truncated or the entry is corrupt)");
            }
            sortedStarts[allocated++] = entries[i] ^ Integer.MIN_VALUE; // sorts as unsigned
        }
        Arrays.sort(sortedStarts, 0, allocated);
        for (int k = 1; k < allocated; k++) {
            long previous = unflip(sortedStarts[k - 1]);
            long current = unflip(sortedStarts[k]);
            if (current - previous < span) {
                throw new ImageFormatException(VhdFooter.FORMAT, current, "blocks at file offsets " + previous + " and "
                        + current + " overlap (each takes " + span + " bytes)");
            }
        }
        requireClear(sortedStarts, allocated, span, 0, VhdFooter.SIZE, "footer copy");
        requireClear(sortedStarts, allocated, span, headerOffset, VhdDynamicHeader.SIZE, "dynamic disk header");
        requireClear(sortedStarts, allocated, span, tableOffset, blocks * Integer.BYTES, "block allocation table");
        return new VhdBlockTable(entries, allocated);
    }

    /** Fails if a block overlaps the metadata structure at {@code [start, start + length)}. */
    private static void requireClear(int[] sortedStarts, int count, long span, long start, long length, String what)
            throws ImageFormatException {
        long endSector = (start + length + DiskGeometry.SECTOR - 1) / DiskGeometry.SECTOR;
        int key = (int) Math.min(endSector, 0xFFFFFFFFL) ^ Integer.MIN_VALUE;
        int found = Arrays.binarySearch(sortedStarts, 0, count, key);
        int lastBefore = found >= 0 ? found - 1 : -found - 2;
        if (lastBefore >= 0) {
            long blockStart = unflip(sortedStarts[lastBefore]);
            if (blockStart + span > start) {
                throw new ImageFormatException(VhdFooter.FORMAT, blockStart, "block at file offset " + blockStart
                        + " overlaps the " + what + " at " + start);
            }
        }
    }

    private static long unflip(int flipped) {
        return Integer.toUnsignedLong(flipped ^ Integer.MIN_VALUE) * DiskGeometry.SECTOR;
    }

    boolean isAllocated(long block) {
        return entries[(int) block] != UNALLOCATED;
    }

    /** File offset of the block's sector bitmap, which the block's data follows. */
    long blockOffset(long block) {
        return Integer.toUnsignedLong(entries[(int) block]) * DiskGeometry.SECTOR;
    }

    int allocatedBlocks() {
        return allocated;
    }
}
