package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.List;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.source.ByteSource;
import dev.ferry.disk.vhd.BoundedCache;
import dev.ferry.disk.vhd.StructureReader;

/**
 * The VHDX block allocation table, read in pages through a bounded cache. It is checked once at open: every present
 * block lies inside the file, no two blocks or a block and the metadata overlap, states are valid.
 */
final class VhdxBlockTable {

    static final int NOT_PRESENT = 0;
    static final int UNDEFINED = 1;
    static final int ZERO = 2;
    static final int UNMAPPED = 3;
    /** Unmapped in drafts of the specification that qemu followed. */
    static final int UNMAPPED_LEGACY = 5;
    static final int FULLY_PRESENT = 6;
    static final int PARTIALLY_PRESENT = 7;
    static final int BITMAP_PRESENT = 6;
    static final long MIB = 1 << 20;
    private static final long OFFSET_MASK = ~(MIB - 1);
    private static final int PAGE_ENTRIES = 8192;
    private static final int CACHED_PAGES = 128;
    /** Files above this size are refused, which bounds the overlap map (1 bit per MiB) to 16 MiB. */
    private static final long MAXIMUM_FILE_SIZE = 128L << 40;

    private final ByteSource source;
    private final long tableOffset;
    private final long entries;
    private final long chunkRatio;
    private final BoundedCache<Long, long[]> pages = new BoundedCache<>(CACHED_PAGES);

    private VhdxBlockTable(ByteSource source, long tableOffset, long entries, long chunkRatio) {
        this.source = source;
        this.tableOffset = tableOffset;
        this.entries = entries;
        this.chunkRatio = chunkRatio;
    }

    /**
     * Opens and checks the BAT region.
     *
     * @param reserved file ranges {offset, length} that blocks must not overlap (header section, log, regions)
     */
    static VhdxBlockTable open(StructureReader reader, ByteSource source, VhdxRegionTable.Region region,
            VhdxMetadata metadata, List<long[]> reserved) throws IOException {
        long needed = metadata.batEntries();
        if (region.length() < needed * Long.BYTES) {
            throw new ImageFormatException(VhdxHeader.FORMAT, region.entryOffset(), "BAT region of "
                    + region.length() + " bytes cannot hold the " + needed + " entries a disk of "
                    + metadata.virtualDiskSize() + " bytes needs");
        }
        reader.requireInside(region.fileOffset(), needed * Long.BYTES, "BAT");
        if (reader.fileSize() > MAXIMUM_FILE_SIZE) {
            throw new ImageFormatException(VhdxHeader.FORMAT, reader.fileSize(), "file of " + reader.fileSize()
                    + " bytes is larger than any VHDX of at most 64 TiB can be");
        }
        VhdxBlockTable table = new VhdxBlockTable(source, region.fileOffset(), needed, metadata.chunkRatio());
        table.check(metadata, reader.fileSize(), reserved);
        return table;
    }

    /** Streams through every entry once, checking states, placement and overlaps. */
    private void check(VhdxMetadata metadata, long fileSize, List<long[]> reserved) throws IOException {
        BitSet used = new BitSet((int) (fileSize / MIB + 1));
        for (long[] range : reserved) {
            used.set((int) (range[0] / MIB), (int) ((range[0] + range[1] + MIB - 1) / MIB));
        }
        long blockSize = metadata.blockSize();
        long blockUnits = blockSize / MIB;
        long[] page = null;
        for (long index = 0; index < entries; index++) {
            if (index % PAGE_ENTRIES == 0) {
                page = loadPage(index / PAGE_ENTRIES);
            }
            long entry = page[(int) (index % PAGE_ENTRIES)];
            int state = (int) (entry & 7);
            long entryOffset = tableOffset + index * Long.BYTES;
            boolean bitmapEntry = index % (chunkRatio + 1) == chunkRatio;
            if (bitmapEntry) {
                if (state != NOT_PRESENT && state != BITMAP_PRESENT) {
                    throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "sector bitmap entry " + index
                            + " has invalid state " + state);
                }
                if (state == BITMAP_PRESENT) {
                    claim(used, offset(entry), MIB, fileSize, entryOffset, "sector bitmap block", index);
                }
                continue;
            }
            long block = index - index / (chunkRatio + 1);
            switch (state) {
                case NOT_PRESENT, UNDEFINED, ZERO, UNMAPPED, UNMAPPED_LEGACY -> {
                }
                case PARTIALLY_PRESENT, FULLY_PRESENT -> {
                    if (state == PARTIALLY_PRESENT && !metadata.hasParent()) {
                        throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "block " + block
                                + " is partially present, which only a differencing disk allows");
                    }
                    long inDisk = Math.min(blockSize, metadata.virtualDiskSize() - block * blockSize);
                    if (inDisk <= 0) {
                        // A differencing disk's table runs to the end of the last chunk, past the disk's blocks.
                        throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "payload block " + block
                                + " lies past the end of the virtual disk but is marked present");
                    }
                    claim(used, offset(entry), inDisk, fileSize, entryOffset, "payload block", block);
                    used.set((int) (offset(entry) / MIB), (int) (offset(entry) / MIB + blockUnits));
                }
                default -> throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "payload block " + block
                        + " has invalid state " + state);
            }
        }
    }

    /** Marks {@code [offset, offset + length)} as used, failing if it leaves the file or overlaps anything. */
    private static void claim(BitSet used, long offset, long length, long fileSize, long entryOffset, String what,
            long index) throws ImageFormatException {
        if (offset < MIB || offset > fileSize - length) {
            throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, what + " " + index + " at file offset "
                    + offset + " lies outside the file (" + fileSize + " bytes)");
        }
        int first = (int) (offset / MIB);
        int end = (int) ((offset + length + MIB - 1) / MIB);
        int clash = used.nextSetBit(first);
        if (clash >= 0 && clash < end) {
            throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, what + " " + index + " at file offset "
                    + offset + " overlaps another block or the metadata at " + (long) clash * MIB);
        }
        used.set(first, end);
    }

    static long offset(long entry) {
        return entry & OFFSET_MASK;
    }

    static int state(long entry) {
        return (int) (entry & 7);
    }

    /** The entry of payload block {@code block}. */
    long payload(long block) throws IOException {
        return entry(block + block / chunkRatio);
    }

    /** The entry of the sector bitmap block for chunk {@code chunk}. */
    long sectorBitmap(long chunk) throws IOException {
        return entry(chunk * (chunkRatio + 1) + chunkRatio);
    }

    private long entry(long index) throws IOException {
        long pageIndex = index / PAGE_ENTRIES;
        long[] page = pages.get(pageIndex);
        if (page == null) {
            page = loadPage(pageIndex);
            pages.put(pageIndex, page);
        }
        return page[(int) (index % PAGE_ENTRIES)];
    }

    private long[] loadPage(long pageIndex) throws IOException {
        long first = pageIndex * PAGE_ENTRIES;
        int count = (int) Math.min(PAGE_ENTRIES, entries - first);
        ByteBuffer bytes = ByteBuffer.allocate(count * Long.BYTES);
        source.readFully(tableOffset + first * Long.BYTES, bytes);
        long[] page = new long[count];
        bytes.flip().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(page);
        return page;
    }
}
