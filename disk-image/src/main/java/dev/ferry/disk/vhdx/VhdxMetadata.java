package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.vhd.StructureReader;

/**
 * The VHDX metadata region's items: block size and flags, virtual disk size, disk id, logical and physical sector
 * size, and for a differencing disk the parent locator's key/value pairs.
 */
record VhdxMetadata(
        int blockSize,
        boolean leaveBlocksAllocated,
        boolean hasParent,
        long virtualDiskSize,
        UUID virtualDiskId,
        int logicalSectorSize,
        int physicalSectorSize,
        Map<String, String> parentLocator) {

    static final UUID FILE_PARAMETERS = UUID.fromString("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    static final UUID VIRTUAL_DISK_SIZE = UUID.fromString("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    static final UUID VIRTUAL_DISK_ID = UUID.fromString("BECA12AB-B2E6-4523-93EF-C309E000C746");
    static final UUID LOGICAL_SECTOR_SIZE = UUID.fromString("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    static final UUID PHYSICAL_SECTOR_SIZE = UUID.fromString("CDA348C7-445D-4471-9CC9-E9885251C556");
    static final UUID PARENT_LOCATOR = UUID.fromString("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");
    static final UUID VHDX_PARENT_LOCATOR_TYPE = UUID.fromString("B04AEFB7-D19E-4A81-B789-25B8E9445913");
    /** The largest disk the format allows: 64 TiB. */
    static final long MAXIMUM_DISK_SIZE = 64L << 40;
    static final int TABLE_SIZE = 64 * 1024;

    private static final long SIGNATURE = 0x617461646174656DL; // "metadata"
    private static final int MAXIMUM_ENTRIES = 2047;
    private static final int ENTRY_SIZE = 32;
    private static final int MAXIMUM_ITEM_LENGTH = 1 << 20;
    private static final int IS_VIRTUAL_DISK = 2;
    private static final int IS_REQUIRED = 4;
    private static final Map<UUID, Integer> FIXED_LENGTHS = Map.of(FILE_PARAMETERS, 8, VIRTUAL_DISK_SIZE, 8,
            VIRTUAL_DISK_ID, 16, LOGICAL_SECTOR_SIZE, 4, PHYSICAL_SECTOR_SIZE, 4);

    VhdxMetadata {
        parentLocator = parentLocator == null ? Map.of() : Map.copyOf(parentLocator);
    }

    /** Reads and checks the metadata region at {@code regionOffset}. */
    static VhdxMetadata read(StructureReader reader, long regionOffset, long regionLength) throws IOException {
        ByteBuffer table = reader.read(regionOffset, TABLE_SIZE, "metadata table").order(ByteOrder.LITTLE_ENDIAN);
        if (table.getLong(0) != SIGNATURE) {
            throw new ImageFormatException(VhdxHeader.FORMAT, regionOffset, "no metadata signature 'metadata'");
        }
        int count = table.getShort(10) & 0xFFFF;
        if (count > MAXIMUM_ENTRIES) {
            throw new ImageFormatException(VhdxHeader.FORMAT, regionOffset + 10, "metadata table claims " + count
                    + " entries, more than the " + MAXIMUM_ENTRIES + " allowed");
        }
        Map<UUID, ByteBuffer> items = new HashMap<>();
        Map<UUID, Long> itemOffsets = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = ENTRY_SIZE + i * ENTRY_SIZE;
            long entryOffset = regionOffset + at;
            UUID id = MicrosoftGuid.read(table, at);
            long offset = Integer.toUnsignedLong(table.getInt(at + 16));
            long length = Integer.toUnsignedLong(table.getInt(at + 20));
            int flags = table.getInt(at + 24);
            boolean known = FIXED_LENGTHS.containsKey(id) || id.equals(PARENT_LOCATOR);
            if (!known) {
                if ((flags & IS_REQUIRED) != 0) {
                    throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "unknown required metadata item "
                            + id);
                }
                continue;
            }
            if (items.containsKey(id)) {
                throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "metadata item " + id
                        + " is listed twice");
            }
            Integer expected = FIXED_LENGTHS.get(id);
            if (expected != null ? length != expected : length == 0 || length > MAXIMUM_ITEM_LENGTH) {
                throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "metadata item " + id + " is "
                        + length + " bytes long");
            }
            if (offset < TABLE_SIZE || offset > regionLength - length) {
                throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "metadata item " + id + " at offset "
                        + offset + " (+" + length + ") lies outside the metadata region of " + regionLength
                        + " bytes");
            }
            items.put(id, reader.read(regionOffset + offset, (int) length, "metadata item")
                    .order(ByteOrder.LITTLE_ENDIAN));
            itemOffsets.put(id, regionOffset + offset);
        }
        for (UUID id : FIXED_LENGTHS.keySet()) {
            if (!items.containsKey(id)) {
                throw new ImageFormatException(VhdxHeader.FORMAT, regionOffset, "required metadata item " + id
                        + " is missing");
            }
        }
        return build(items, itemOffsets);
    }

    private static VhdxMetadata build(Map<UUID, ByteBuffer> items, Map<UUID, Long> offsets)
            throws ImageFormatException {
        ByteBuffer parameters = items.get(FILE_PARAMETERS);
        int blockSize = parameters.getInt(0);
        int flags = parameters.getInt(4);
        if (blockSize < (1 << 20) || blockSize > (256 << 20) || Integer.bitCount(blockSize) != 1) {
            throw new ImageFormatException(VhdxHeader.FORMAT, offsets.get(FILE_PARAMETERS), "block size "
                    + Integer.toUnsignedString(blockSize) + " is not a power of two from 1 MiB to 256 MiB");
        }
        int logical = items.get(LOGICAL_SECTOR_SIZE).getInt(0);
        int physical = items.get(PHYSICAL_SECTOR_SIZE).getInt(0);
        if (logical != 512 && logical != 4096) {
            throw new ImageFormatException(VhdxHeader.FORMAT, offsets.get(LOGICAL_SECTOR_SIZE),
                    "logical sector size " + logical + " is neither 512 nor 4096");
        }
        if (physical != 512 && physical != 4096) {
            throw new ImageFormatException(VhdxHeader.FORMAT, offsets.get(PHYSICAL_SECTOR_SIZE),
                    "physical sector size " + physical + " is neither 512 nor 4096");
        }
        long size = items.get(VIRTUAL_DISK_SIZE).getLong(0);
        if (size < 0 || size > MAXIMUM_DISK_SIZE || size % logical != 0) {
            throw new ImageFormatException(VhdxHeader.FORMAT, offsets.get(VIRTUAL_DISK_SIZE), "virtual disk size "
                    + Long.toUnsignedString(size) + " is not a multiple of the " + logical
                    + "-byte sector up to 64 TiB");
        }
        boolean hasParent = (flags & 2) != 0;
        Map<String, String> locator = null;
        if (hasParent) {
            ByteBuffer item = items.get(PARENT_LOCATOR);
            if (item == null) {
                throw new ImageFormatException(VhdxHeader.FORMAT, offsets.get(FILE_PARAMETERS), "differencing disk "
                        + "has no parent locator");
            }
            locator = parseParentLocator(item, offsets.get(PARENT_LOCATOR));
        }
        return new VhdxMetadata(blockSize, (flags & 1) != 0, hasParent, size,
                MicrosoftGuid.read(items.get(VIRTUAL_DISK_ID), 0), logical, physical, locator);
    }

    /** The parent locator's UTF-16LE key/value pairs, after checking that it is the VHDX locator type. */
    private static Map<String, String> parseParentLocator(ByteBuffer item, long itemOffset)
            throws ImageFormatException {
        if (item.limit() < 20 || !MicrosoftGuid.read(item, 0).equals(VHDX_PARENT_LOCATOR_TYPE)) {
            throw new ImageFormatException(VhdxHeader.FORMAT, itemOffset, "parent locator is not of the VHDX type");
        }
        int count = item.getShort(18) & 0xFFFF;
        if (20L + 12L * count > item.limit()) {
            throw new ImageFormatException(VhdxHeader.FORMAT, itemOffset + 18, "parent locator claims " + count
                    + " entries, more than fit in its " + item.limit() + " bytes");
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int at = 20 + 12 * i;
            String key = text(item, item.getInt(at), item.getShort(at + 8) & 0xFFFF, itemOffset + at);
            String value = text(item, item.getInt(at + 4), item.getShort(at + 10) & 0xFFFF, itemOffset + at);
            entries.put(key, value);
        }
        return entries;
    }

    private static String text(ByteBuffer item, int offset, int length, long entryOffset)
            throws ImageFormatException {
        if (offset < 0 || length <= 0 || offset > item.limit() - length) {
            throw new ImageFormatException(VhdxHeader.FORMAT, entryOffset, "parent locator entry points outside the "
                    + "locator");
        }
        return StandardCharsets.UTF_16LE.decode(item.slice(offset, length)).toString();
    }

    /** Payload blocks the disk is divided into. */
    long payloadBlocks() {
        return (virtualDiskSize + blockSize - 1) / blockSize;
    }

    /** Payload blocks described by one sector bitmap block: 2^23 sectors' worth. */
    long chunkRatio() {
        return (1L << 23) * logicalSectorSize / blockSize;
    }

    /** BAT entries the disk needs: payload entries with a sector bitmap entry after every chunk. */
    long batEntries() {
        long blocks = payloadBlocks();
        if (hasParent) {
            long chunks = (blocks + chunkRatio() - 1) / chunkRatio();
            return chunks * (chunkRatio() + 1);
        }
        return blocks == 0 ? 0 : blocks + (blocks - 1) / chunkRatio();
    }

    /**
     * The first 64 KiB of the metadata region (the table) followed by the items, as a new non-differencing disk
     * stores them.
     */
    ByteBuffer toRegionBytes() {
        ByteBuffer region = ByteBuffer.allocate(TABLE_SIZE + 4096).order(ByteOrder.LITTLE_ENDIAN);
        region.putLong(0, SIGNATURE);
        region.putShort(10, (short) 5);
        int item = TABLE_SIZE;
        item = putEntry(region, 0, FILE_PARAMETERS, item, 8, IS_REQUIRED);
        region.putInt(TABLE_SIZE, blockSize);
        region.putInt(TABLE_SIZE + 4, leaveBlocksAllocated ? 1 : 0);
        region.putLong(item, virtualDiskSize);
        item = putEntry(region, 1, VIRTUAL_DISK_SIZE, item, 8, IS_REQUIRED | IS_VIRTUAL_DISK);
        MicrosoftGuid.write(region, item, virtualDiskId);
        item = putEntry(region, 2, VIRTUAL_DISK_ID, item, 16, IS_REQUIRED | IS_VIRTUAL_DISK);
        region.putInt(item, logicalSectorSize);
        item = putEntry(region, 3, LOGICAL_SECTOR_SIZE, item, 4, IS_REQUIRED | IS_VIRTUAL_DISK);
        region.putInt(item, physicalSectorSize);
        putEntry(region, 4, PHYSICAL_SECTOR_SIZE, item, 4, IS_REQUIRED | IS_VIRTUAL_DISK);
        return region;
    }

    /** Writes table entry {@code index} for an item at {@code itemOffset}; returns where the next item goes. */
    private static int putEntry(ByteBuffer region, int index, UUID id, int itemOffset, int length, int flags) {
        int at = ENTRY_SIZE + index * ENTRY_SIZE;
        MicrosoftGuid.write(region, at, id);
        region.putInt(at + 16, itemOffset);
        region.putInt(at + 20, length);
        region.putInt(at + 24, flags);
        return itemOffset + length;
    }
}
