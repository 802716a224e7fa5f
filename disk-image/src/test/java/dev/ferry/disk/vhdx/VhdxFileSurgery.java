package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.FileBytes;
import dev.ferry.disk.vhd.StructureReader;

/** Edits VHDX files in place, to craft the damaged, logged and differencing images qemu-img cannot make. */
public final class VhdxFileSurgery {

    private VhdxFileSurgery() {
    }

    static VhdxHeader currentHeader(Path file) throws IOException {
        try (FileByteSource source = FileByteSource.open(file)) {
            return VhdxHeader.readCurrent(new StructureReader(source, "vhdx"));
        }
    }

    /** Replaces both headers with {@code header}, the second one with the next sequence number. */
    static void writeHeaders(Path file, VhdxHeader header) throws IOException {
        FileBytes.write(file, VhdxHeader.FIRST_OFFSET, header.toBytes());
        FileBytes.write(file, VhdxHeader.SECOND_OFFSET, new VhdxHeader(header.sequenceNumber() + 1,
                header.fileWriteGuid(), header.dataWriteGuid(), header.logGuid(), header.logVersion(),
                header.version(), header.logLength(), header.logOffset()).toBytes());
    }

    static VhdxHeader withLog(VhdxHeader header, UUID logGuid) {
        return new VhdxHeader(header.sequenceNumber() + 10, header.fileWriteGuid(), header.dataWriteGuid(), logGuid,
                0, 1, header.logLength(), header.logOffset());
    }

    static VhdxRegionTable regions(Path file) throws IOException {
        return VhdxRegionTable.parse(FileBytes.read(file, VhdxRegionTable.FIRST_OFFSET, VhdxRegionTable.SIZE),
                VhdxRegionTable.FIRST_OFFSET);
    }

    static void writeRegionTables(Path file, VhdxRegionTable table) throws IOException {
        FileBytes.write(file, VhdxRegionTable.FIRST_OFFSET, table.toBytes());
        FileBytes.write(file, VhdxRegionTable.SECOND_OFFSET, table.toBytes());
    }

    static long batOffset(Path file) throws IOException {
        return regions(file).require(VhdxRegionTable.BAT, "BAT").fileOffset();
    }

    static long metadataOffset(Path file) throws IOException {
        return regions(file).require(VhdxRegionTable.METADATA, "metadata").fileOffset();
    }

    static long batEntry(Path file, long index) throws IOException {
        return FileBytes.read(file, batOffset(file) + index * 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    static void setBatEntry(Path file, long index, long value) throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        FileBytes.write(file, batOffset(file) + index * 8, entry);
    }

    /** File offset of a metadata item's data. */
    static long metadataItem(Path file, UUID item) throws IOException {
        long region = metadataOffset(file);
        ByteBuffer table = FileBytes.read(file, region, VhdxMetadata.TABLE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int count = table.getShort(10);
        for (int i = 0; i < count; i++) {
            int at = 32 + 32 * i;
            if (MicrosoftGuid.read(table, at).equals(item)) {
                return region + Integer.toUnsignedLong(table.getInt(at + 16));
            }
        }
        throw new IllegalArgumentException("no metadata item " + item + " in " + file);
    }

    /** Adds a metadata table entry for {@code data}, stored at {@code offsetInRegion} of the metadata region. */
    static void addMetadataItem(Path file, UUID item, int flags, ByteBuffer data, int offsetInRegion)
            throws IOException {
        long region = metadataOffset(file);
        ByteBuffer table = FileBytes.read(file, region, VhdxMetadata.TABLE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int count = table.getShort(10);
        int at = 32 + 32 * count;
        MicrosoftGuid.write(table, at, item);
        table.putInt(at + 16, offsetInRegion);
        table.putInt(at + 20, data.remaining());
        table.putInt(at + 24, flags);
        table.putShort(10, (short) (count + 1));
        FileBytes.write(file, region, table);
        FileBytes.write(file, region + offsetInRegion, data);
    }

    /** Makes the headers name a log that holds no entries, as a file Hyper-V did not close would, minus its log. */
    public static void markLogPending(Path file) throws IOException {
        writeHeaders(file, withLog(currentHeader(file), UUID.randomUUID()));
    }

    /** Makes a dynamic VHDX a differencing child of {@code parent}, a VHDX in the same folder. */
    public static void makeDifferencing(Path child, Path parent) throws IOException {
        makeDifferencing(child, locator(parent, parent.getFileName().toString()));
    }

    /** Sets the has-parent flag and adds the parent locator, as Hyper-V's differencing disks have them. */
    static void makeDifferencing(Path child, Map<String, String> locator) throws IOException {
        long parameters = metadataItem(child, VhdxMetadata.FILE_PARAMETERS);
        FileBytes.write(child, parameters + 4, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2));
        addMetadataItem(child, VhdxMetadata.PARENT_LOCATOR, 4, parentLocator(locator), 512 * 1024);
    }

    /** Parent locator entries that name {@code parent} by {@code relativePath} and link to its data write GUID. */
    static Map<String, String> locator(Path parent, String relativePath) throws IOException {
        Map<String, String> locator = new LinkedHashMap<>();
        locator.put("parent_linkage", "{" + currentHeader(parent).dataWriteGuid() + "}");
        locator.put("relative_path", relativePath);
        return locator;
    }

    /**
     * Marks payload block {@code block} as not present, so that a differencing disk reads it from its parent. Only for
     * blocks before the first sector bitmap entry (small disks), whose BAT index is the block number.
     */
    public static void markNotPresent(Path file, long block) throws IOException {
        setBatEntry(file, block, VhdxBlockTable.NOT_PRESENT);
    }

    /** A VHDX parent locator item with the given UTF-16LE key/value pairs. */
    static ByteBuffer parentLocator(Map<String, String> entries) {
        ByteBuffer item = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        MicrosoftGuid.write(item, 0, VhdxMetadata.VHDX_PARENT_LOCATOR_TYPE);
        item.putShort(18, (short) entries.size());
        int text = 20 + 12 * entries.size();
        int index = 0;
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_16LE);
            byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_16LE);
            int at = 20 + 12 * index++;
            item.putInt(at, text);
            item.put(text, key);
            text += key.length;
            item.putInt(at + 4, text);
            item.put(text, value);
            text += value.length;
            item.putShort(at + 8, (short) key.length);
            item.putShort(at + 10, (short) value.length);
        }
        return item.limit(text);
    }
}
