package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.GuestRange;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.ParentFallback;
import dev.ferry.disk.ZeroBytes;
import dev.ferry.disk.source.ByteSource;
import dev.ferry.disk.vhd.BoundedCache;
import dev.ferry.disk.vhd.SectorBitmap;
import dev.ferry.disk.vhd.StructureReader;

/**
 * A VHDX opened for reading (fixed, dynamic or differencing). A pending log is replayed in memory first. Blocks that
 * are not present, undefined, unmapped or zero read as zeros (not present: from the parent of a differencing disk);
 * partially present blocks consult their sector bitmap.
 */
public final class VhdxImage implements DiskImage {

    static final ByteBuffer SIGNATURE = ByteBuffer.wrap("vhdxfile".getBytes(StandardCharsets.US_ASCII))
            .asReadOnlyBuffer();
    private static final long MIB = VhdxBlockTable.MIB;
    /** extent() looks at no more BAT entries than this in one call. */
    private static final int MERGE_LIMIT_BLOCKS = 65536;
    private static final int BITMAP_CACHE_BLOCKS = 256;

    private final ByteSource data;
    private final VhdxMetadata metadata;
    private final UUID dataWriteGuid;
    private final VhdxBlockTable table;
    private final long size;
    private final long fileSize;
    private final long blockSize;
    private final int sectorsPerBlock;
    private final DiskImage parent;
    private final String parentName;
    private final BoundedCache<Long, SectorBitmap> bitmaps = new BoundedCache<>(BITMAP_CACHE_BLOCKS);
    private final Map<String, String> details;
    private final List<String> warnings;

    private VhdxImage(ByteSource file, ByteSource data, VhdxHeader header, VhdxMetadata metadata,
            VhdxBlockTable table, VhdxParentLink.Parent parent, Map<String, String> details, List<String> warnings)
            throws IOException {
        this.data = data;
        this.metadata = metadata;
        this.dataWriteGuid = header.dataWriteGuid();
        this.table = table;
        this.size = metadata.virtualDiskSize();
        this.fileSize = file.size();
        this.blockSize = metadata.blockSize();
        this.sectorsPerBlock = (int) (blockSize / metadata.logicalSectorSize());
        this.parent = parent == null ? null : parent.image();
        this.parentName = parent == null ? null : parent.name();
        this.details = details;
        this.warnings = List.copyOf(warnings);
    }

    /** Opens {@code source}, which must start with the "vhdxfile" identifier; takes ownership of it. */
    static VhdxImage open(ByteSource source, ImageOpener opener) throws IOException {
        StructureReader fileReader = new StructureReader(source, VhdxHeader.FORMAT);
        if (!fileReader.read(0, 8, "file identifier").equals(SIGNATURE)) {
            throw new ImageFormatException(VhdxHeader.FORMAT, 0, "no file identifier 'vhdxfile'");
        }
        VhdxHeader header = VhdxHeader.readCurrent(fileReader);
        List<String> warnings = new ArrayList<>();
        Map<String, String> details = new LinkedHashMap<>();
        ByteSource data = source;
        if (header.hasLogToReplay()) {
            VhdxLogReplay.Result replayed = VhdxLogReplay.replay(source, header);
            data = replayed.source();
            warnings.add(replayed.entriesReplayed() == 0
                    ? "the header names a log, but the log holds no valid entries; nothing was replayed"
                    : "the file was not closed cleanly: replayed " + replayed.entriesReplayed()
                            + " log entries in memory (the file is unchanged)");
            details.put("log", replayed.entriesReplayed() + " entries replayed in memory");
        }
        StructureReader reader = new StructureReader(data, VhdxHeader.FORMAT);
        VhdxRegionTable regions = VhdxRegionTable.readCurrent(reader);
        VhdxRegionTable.Region batRegion = regions.require(VhdxRegionTable.BAT, "BAT");
        VhdxRegionTable.Region metadataRegion = regions.require(VhdxRegionTable.METADATA, "metadata");
        List<long[]> reserved = placeRegions(reader, header, batRegion, metadataRegion);
        VhdxMetadata metadata = VhdxMetadata.read(reader, metadataRegion.fileOffset(), metadataRegion.length());
        VhdxBlockTable table = VhdxBlockTable.open(reader, data, batRegion, metadata, reserved);
        details.put("block size", Long.toString(metadata.blockSize()));
        details.put("logical sector size", Integer.toString(metadata.logicalSectorSize()));
        details.put("physical sector size", Integer.toString(metadata.physicalSectorSize()));
        details.put("virtual disk id", metadata.virtualDiskId().toString());
        details.put("data write guid", header.dataWriteGuid().toString());
        VhdxParentLink.Parent parent = null;
        if (metadata.hasParent()) {
            parent = VhdxParentLink.open(source, metadata, metadataRegion.fileOffset(), opener);
            details.put("parent", parent.name());
        }
        return new VhdxImage(source, data, header, metadata, table, parent, details, warnings);
    }

    /** Checks that the regions lie on whole MiB inside the file and apart; returns the ranges blocks must avoid. */
    private static List<long[]> placeRegions(StructureReader reader, VhdxHeader header,
            VhdxRegionTable.Region... regions) throws ImageFormatException {
        List<long[]> reserved = new ArrayList<>();
        reserved.add(new long[] { 0, MIB });
        if (header.logLength() > 0 && header.logOffset() >= MIB
                && header.logOffset() <= reader.fileSize() - header.logLength()) {
            reserved.add(new long[] { header.logOffset(), header.logLength() });
        }
        for (VhdxRegionTable.Region region : regions) {
            if (region.fileOffset() < MIB || region.fileOffset() % MIB != 0 || region.length() == 0
                    || region.length() % MIB != 0) {
                throw new ImageFormatException(VhdxHeader.FORMAT, region.entryOffset(), "region " + region.guid()
                        + " of " + region.length() + " bytes at " + region.fileOffset()
                        + " is not placed on whole MiB after the header section");
            }
            reader.requireInside(region.fileOffset(), region.length(), "region " + region.guid());
            for (long[] other : reserved) {
                if (region.fileOffset() < other[0] + other[1] && other[0] < region.end()) {
                    throw new ImageFormatException(VhdxHeader.FORMAT, region.entryOffset(), "region "
                            + region.guid() + " at " + region.fileOffset() + " overlaps the structure at "
                            + other[0]);
                }
            }
            reserved.add(new long[] { region.fileOffset(), region.length() });
        }
        return reserved;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.VHDX;
    }

    @Override
    public long virtualSize() {
        return size;
    }

    /** The data write GUID, which a differencing child names as its parent linkage. */
    UUID dataWriteGuid() {
        return dataWriteGuid;
    }

    @Override
    public void read(long offset, ByteBuffer destination) throws IOException {
        GuestRange.require(offset, destination.remaining(), size);
        long position = offset;
        while (destination.hasRemaining()) {
            long block = position / blockSize;
            long inBlock = position - block * blockSize;
            long entry = table.payload(block);
            int length;
            switch (VhdxBlockTable.state(entry)) {
                case VhdxBlockTable.FULLY_PRESENT -> {
                    length = contiguousRun(block, entry, inBlock, destination.remaining());
                    data.readFully(VhdxBlockTable.offset(entry) + inBlock, slice(destination, length));
                }
                case VhdxBlockTable.PARTIALLY_PRESENT -> {
                    length = (int) Math.min(destination.remaining(), blockSize - inBlock);
                    readPartial(block, entry, inBlock, slice(destination, length));
                }
                case VhdxBlockTable.NOT_PRESENT -> {
                    length = (int) Math.min(destination.remaining(), blockSize - inBlock);
                    ParentFallback.read(parent, position, slice(destination, length));
                }
                default -> {
                    length = (int) Math.min(destination.remaining(), blockSize - inBlock);
                    ZeroBytes.fill(slice(destination, length));
                }
            }
            destination.position(destination.position() + length);
            position += length;
        }
    }

    private static ByteBuffer slice(ByteBuffer buffer, int length) {
        return buffer.slice(buffer.position(), length);
    }

    /** Bytes readable in one go from {@code block} on: following blocks that are present right after it count. */
    private int contiguousRun(long block, long entry, long inBlock, int wanted) throws IOException {
        long run = Math.min(wanted, blockSize - inBlock);
        long next = block + 1;
        while (run < wanted) {
            long following = table.payload(next);
            if (VhdxBlockTable.state(following) != VhdxBlockTable.FULLY_PRESENT
                    || VhdxBlockTable.offset(following) != VhdxBlockTable.offset(entry) + (next - block) * blockSize) {
                break;
            }
            run = Math.min(wanted, run + blockSize);
            next++;
        }
        return (int) run;
    }

    private void readPartial(long block, long entry, long inBlock, ByteBuffer piece) throws IOException {
        SectorBitmap bitmap = bitmap(block);
        int sectorSize = metadata.logicalSectorSize();
        long end = inBlock + piece.remaining();
        for (long at = inBlock; at < end;) {
            int sector = (int) (at / sectorSize);
            long runEnd = Math.min(end, (long) (sector + bitmap.runLength(sector, sectorsPerBlock)) * sectorSize);
            ByteBuffer part = piece.slice((int) (at - inBlock), (int) (runEnd - at));
            if (bitmap.isSet(sector)) {
                data.readFully(VhdxBlockTable.offset(entry) + at, part);
            } else {
                ParentFallback.read(parent, block * blockSize + at, part);
            }
            at = runEnd;
        }
    }

    /** The sector bitmap bits of a partially present block. */
    private SectorBitmap bitmap(long block) throws IOException {
        SectorBitmap bitmap = bitmaps.get(block);
        if (bitmap == null) {
            long chunkRatio = metadata.chunkRatio();
            long bitmapEntry = table.sectorBitmap(block / chunkRatio);
            if (VhdxBlockTable.state(bitmapEntry) != VhdxBlockTable.BITMAP_PRESENT) {
                throw new ImageFormatException(VhdxHeader.FORMAT, VhdxBlockTable.offset(bitmapEntry), "block "
                        + block + " is partially present but its sector bitmap block is not");
            }
            int bytes = sectorsPerBlock / 8;
            ByteBuffer bits = ByteBuffer.allocate(bytes);
            data.readFully(VhdxBlockTable.offset(bitmapEntry) + (block % chunkRatio) * bytes, bits);
            bitmap = SectorBitmap.leastSignificantFirst(bits.array(), sectorsPerBlock);
            bitmaps.put(block, bitmap);
        }
        return bitmap;
    }

    /** What a range holds, as far as the BAT (and bitmaps) tell. */
    private enum Kind {
        DATA,
        ZERO,
        ABSENT
    }

    @Override
    public Extent extent(long offset, long maxLength) throws IOException {
        GuestRange.requireExtent(offset, maxLength, size);
        long limit = offset + Math.min(maxLength, size - offset);
        Kind kind = kindAt(offset);
        long end = runEnd(offset);
        if (kind == Kind.DATA) {
            // Not merged with the next block's: within each block the file itself may still have holes.
            return presentExtent(offset, Math.min(end, limit) - offset);
        }
        for (int blocks = 0; end < limit && blocks < MERGE_LIMIT_BLOCKS && kindAt(end) == kind; blocks++) {
            end = runEnd(end);
        }
        long length = Math.min(end, limit) - offset;
        return kind == Kind.ZERO ? Extent.zeros(offset, length) : ParentFallback.extent(parent, offset, length);
    }

    private Kind kindAt(long position) throws IOException {
        long block = position / blockSize;
        long entry = table.payload(block);
        return switch (VhdxBlockTable.state(entry)) {
            case VhdxBlockTable.FULLY_PRESENT -> Kind.DATA;
            case VhdxBlockTable.PARTIALLY_PRESENT -> bitmap(block).isSet(sectorIn(block, position)) ? Kind.DATA
                    : Kind.ABSENT;
            case VhdxBlockTable.NOT_PRESENT -> parent == null ? Kind.ZERO : Kind.ABSENT;
            default -> Kind.ZERO;
        };
    }

    /** End of the run of one kind starting at {@code position}, within its block. */
    private long runEnd(long position) throws IOException {
        long block = position / blockSize;
        long blockStart = block * blockSize;
        if (VhdxBlockTable.state(table.payload(block)) != VhdxBlockTable.PARTIALLY_PRESENT) {
            return blockStart + blockSize;
        }
        int sector = sectorIn(block, position);
        return blockStart + (long) (sector + bitmap(block).runLength(sector, sectorsPerBlock))
                * metadata.logicalSectorSize();
    }

    private int sectorIn(long block, long position) {
        return (int) ((position - block * blockSize) / metadata.logicalSectorSize());
    }

    /**
     * Data held here, up to the end of its block at most; the file may still be a hole there (a sparse fixed VHDX, or
     * a block whose unwritten part the writing tool left unallocated), which reads zero and is not read.
     */
    private Extent presentExtent(long offset, long length) throws IOException {
        long block = offset / blockSize;
        long inBlock = offset - block * blockSize;
        long withinBlock = Math.min(length, blockSize - inBlock);
        return data.storedRun(VhdxBlockTable.offset(table.payload(block)) + inBlock, offset, withinBlock);
    }

    @Override
    public ImageInfo info() {
        String subformat = metadata.hasParent() ? "differencing"
                : metadata.leaveBlocksAllocated() ? "fixed"
                        : "dynamic";
        return new ImageInfo(ImageFormat.VHDX, subformat, size, fileSize, blockSize, parentName, details, warnings);
    }

    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            if (parent != null) {
                parent.close();
            }
        }
    }
}
