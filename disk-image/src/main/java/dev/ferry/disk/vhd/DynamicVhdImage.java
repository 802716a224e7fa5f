package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ferry.disk.Extent;
import dev.ferry.disk.GuestRange;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.ParentFallback;
import dev.ferry.disk.source.ByteSource;

/**
 * A dynamic or differencing VHD: blocks allocated through the BAT, each led by a sector bitmap. Sectors whose bit is
 * clear (and whole unallocated blocks) read as zeros, or from the parent of a differencing disk.
 */
public final class DynamicVhdImage implements VhdImage {

    private static final int BITMAP_CACHE_BYTES = 4 << 20;
    /** extent() stops merging after this many allocated blocks, so one call never reads many bitmaps. */
    private static final int MERGE_BITMAP_LIMIT = 64;

    private final ByteSource source;
    private final VhdFooter footer;
    private final VhdDynamicHeader header;
    private final VhdBlockTable table;
    private final long size;
    private final long fileSize;
    private final int blockSize;
    private final int sectorsPerBlock;
    private final VhdImage parent;
    private final BoundedCache<Long, SectorBitmap> bitmaps;
    private final List<String> warnings;

    private DynamicVhdImage(ByteSource source, VhdFooter footer, VhdDynamicHeader header, VhdBlockTable table,
            long size, VhdImage parent, List<String> warnings) throws IOException {
        this.source = source;
        this.footer = footer;
        this.header = header;
        this.table = table;
        this.size = size;
        this.fileSize = source.size();
        this.blockSize = header.blockSize();
        this.sectorsPerBlock = blockSize / DiskGeometry.SECTOR;
        this.parent = parent;
        this.bitmaps = new BoundedCache<>(Math.max(16, BITMAP_CACHE_BYTES / header.bitmapSize()));
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Opens a dynamic or differencing disk whose footer has been read and verified.
     *
     * @param dataLimit file offset where block data must end (where the footer at the end starts)
     */
    static DynamicVhdImage open(ByteSource source, VhdFooter footer, long size, long dataLimit, List<String> warnings,
            ImageOpener opener) throws IOException {
        StructureReader reader = new StructureReader(source, VhdFooter.FORMAT);
        long headerOffset = footer.dataOffset();
        VhdDynamicHeader header = VhdDynamicHeader.parse(reader.read(headerOffset, VhdDynamicHeader.SIZE,
                "dynamic disk header"), headerOffset);
        VhdBlockTable table = VhdBlockTable.read(reader, header, headerOffset, size, dataLimit);
        VhdImage parent = null;
        if (footer.diskType() == VhdDiskType.DIFFERENCING) {
            parent = VhdParentLink.open(source, header, headerOffset, opener);
        }
        List<String> allWarnings = new ArrayList<>(warnings);
        if (parent != null && parent.virtualSize() != size) {
            allWarnings.add("parent is " + parent.virtualSize() + " bytes, this differencing disk " + size);
        }
        return new DynamicVhdImage(source, footer, header, table, size, parent, allWarnings);
    }

    @Override
    public VhdFooter footer() {
        return footer;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.VHD;
    }

    @Override
    public long virtualSize() {
        return size;
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        GuestRange.require(offset, destination.remaining(), size);
        long position = offset;
        while (destination.hasRemaining()) {
            int inBlock = (int) (position % blockSize);
            int length = (int) Math.min(destination.remaining(), blockSize - inBlock);
            readWithinBlock(position, destination.slice(destination.position(), length));
            destination.position(destination.position() + length);
            position += length;
        }
    }

    private void readWithinBlock(long position, ByteBuffer piece) throws IOException {
        long block = position / blockSize;
        if (!table.isAllocated(block)) {
            ParentFallback.read(parent, position, piece);
            return;
        }
        int inBlock = (int) (position % blockSize);
        long dataStart = table.blockOffset(block) + header.bitmapSize();
        SectorBitmap bitmap = bitmap(block);
        if (bitmap.allSet()) {
            source.readFully(dataStart + inBlock, piece);
            return;
        }
        int end = inBlock + piece.remaining();
        for (int at = inBlock; at < end;) {
            int sector = at / DiskGeometry.SECTOR;
            int runEnd = Math.min(end, (sector + bitmap.runLength(sector, sectorsPerBlock)) * DiskGeometry.SECTOR);
            ByteBuffer part = piece.slice(at - inBlock, runEnd - at);
            if (bitmap.isSet(sector)) {
                source.readFully(dataStart + at, part);
            } else {
                ParentFallback.read(parent, position - inBlock + at, part);
            }
            at = runEnd;
        }
    }

    private SectorBitmap bitmap(long block) throws IOException {
        SectorBitmap bitmap = bitmaps.get(block);
        if (bitmap == null) {
            ByteBuffer bytes = ByteBuffer.allocate(header.bitmapSize());
            source.readFully(table.blockOffset(block), bytes);
            bitmap = SectorBitmap.mostSignificantFirst(bytes.array(), sectorsPerBlock);
            bitmaps.put(block, bitmap);
        }
        return bitmap;
    }

    @Override
    public Extent extent(long offset, long maxLength) throws IOException {
        GuestRange.requireExtent(offset, maxLength, size);
        long limit = offset + Math.min(maxLength, size - offset);
        long end = runEnd(offset);
        if (isPresent(offset)) {
            // Not merged with the next block's: within each block the file itself may still have holes.
            return presentExtent(offset, Math.min(end, limit) - offset);
        }
        int bitmapsRead = 0;
        while (end < limit && end % blockSize == 0 && bitmapsRead < MERGE_BITMAP_LIMIT) {
            if (table.isAllocated(end / blockSize)) {
                bitmapsRead++;
            }
            if (isPresent(end)) {
                break;
            }
            end = runEnd(end);
        }
        return ParentFallback.extent(parent, offset, Math.min(end, limit) - offset);
    }

    /** Whether the sector at {@code position} is held by this file. */
    private boolean isPresent(long position) throws IOException {
        long block = position / blockSize;
        return table.isAllocated(block) && bitmap(block).isSet((int) (position % blockSize) / DiskGeometry.SECTOR);
    }

    /** End of the run of sectors starting at {@code position} with the same presence, within its block. */
    private long runEnd(long position) throws IOException {
        long block = position / blockSize;
        long blockStart = block * blockSize;
        if (!table.isAllocated(block)) {
            return blockStart + blockSize;
        }
        int sector = (int) (position - blockStart) / DiskGeometry.SECTOR;
        return blockStart + (long) (sector + bitmap(block).runLength(sector, sectorsPerBlock)) * DiskGeometry.SECTOR;
    }

    /**
     * Data held here, up to the end of its block at most; the file may still be a hole there (qemu-img leaves the
     * unwritten parts of a block unallocated), which reads zero and is not read.
     */
    private Extent presentExtent(long offset, long length) throws IOException {
        long block = offset / blockSize;
        long inBlock = offset - block * blockSize;
        long withinBlock = Math.min(length, blockSize - inBlock);
        return source.storedRun(table.blockOffset(block) + header.bitmapSize() + inBlock, offset, withinBlock);
    }

    @Override
    public ImageInfo info() {
        Map<String, String> details = footer.details();
        details.put("block size", Integer.toString(blockSize));
        details.put("allocated blocks", Integer.toString(table.allocatedBlocks()));
        if (parent != null) {
            details.put("parent unique id", header.parentUniqueId().toString());
        }
        String backing = parent == null ? null : header.parentUnicodeName() + " (vhd)";
        return new ImageInfo(ImageFormat.VHD, footer.diskType().subformat(), size, fileSize, blockSize, backing,
                details, warnings);
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            if (parent != null) {
                parent.close();
            }
        }
    }
}
