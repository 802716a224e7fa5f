package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.vhd.StructureReader;

/** The VHDX region table (two identical 64 KiB copies at 192 KiB and 256 KiB): where the BAT and metadata live. */
record VhdxRegionTable(List<Region> regions) {

    static final int SIZE = 64 * 1024;
    static final long FIRST_OFFSET = 192 * 1024;
    static final long SECOND_OFFSET = 256 * 1024;
    static final UUID BAT = UUID.fromString("2DC27766-F623-4200-9D64-115E9BFD4A08");
    static final UUID METADATA = UUID.fromString("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static final int SIGNATURE = 0x69676572; // "regi"
    private static final int CHECKSUM_FIELD = 4;
    private static final int MAXIMUM_ENTRIES = 2047;
    private static final int ENTRY_SIZE = 32;

    /** A region: {@code length} bytes at {@code fileOffset}. */
    record Region(UUID guid, long fileOffset, long length, boolean required, long entryOffset) {

        long end() {
            return fileOffset + length;
        }
    }

    VhdxRegionTable {
        regions = List.copyOf(regions);
    }

    /** Reads the first valid copy of the table; a damaged first copy is tolerated when the second is good. */
    static VhdxRegionTable readCurrent(StructureReader reader) throws IOException {
        try {
            return parse(reader.read(FIRST_OFFSET, SIZE, "region table"), FIRST_OFFSET);
        } catch (ImageFormatException first) {
            try {
                return parse(reader.read(SECOND_OFFSET, SIZE, "second region table"), SECOND_OFFSET);
            } catch (ImageFormatException second) {
                first.addSuppressed(second);
                throw first;
            }
        }
    }

    static VhdxRegionTable parse(ByteBuffer bytes, long fileOffset) throws ImageFormatException {
        ByteBuffer table = bytes.slice(0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (table.getInt(0) != SIGNATURE) {
            throw new ImageFormatException(VhdxHeader.FORMAT, fileOffset, "no region table signature 'regi'");
        }
        if (!VhdxChecksum.matches(table, CHECKSUM_FIELD)) {
            throw new ImageFormatException(VhdxHeader.FORMAT, fileOffset, "region table checksum does not match "
                    + "its content");
        }
        long count = Integer.toUnsignedLong(table.getInt(8));
        if (count > MAXIMUM_ENTRIES) {
            throw new ImageFormatException(VhdxHeader.FORMAT, fileOffset + 8, "region table claims " + count
                    + " entries, more than the " + MAXIMUM_ENTRIES + " allowed");
        }
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 16 + i * ENTRY_SIZE;
            UUID guid = MicrosoftGuid.read(table, at);
            boolean required = (table.getInt(at + 28) & 1) != 0;
            Region region = new Region(guid, table.getLong(at + 16), Integer.toUnsignedLong(table.getInt(at + 24)),
                    required, fileOffset + at);
            if (!guid.equals(BAT) && !guid.equals(METADATA) && required) {
                throw new ImageFormatException(VhdxHeader.FORMAT, region.entryOffset(), "unknown required region "
                        + guid + " (this reader knows only the BAT and metadata regions)");
            }
            if (regions.stream().anyMatch(known -> known.guid().equals(guid))) {
                throw new ImageFormatException(VhdxHeader.FORMAT, region.entryOffset(), "region " + guid
                        + " is listed twice");
            }
            regions.add(region);
        }
        return new VhdxRegionTable(regions);
    }

    /** The region with {@code guid}, which must be present. */
    Region require(UUID guid, String name) throws ImageFormatException {
        for (Region region : regions) {
            if (region.guid().equals(guid)) {
                return region;
            }
        }
        throw new ImageFormatException(VhdxHeader.FORMAT, FIRST_OFFSET, "region table has no " + name + " region");
    }

    ByteBuffer toBytes() {
        ByteBuffer table = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        table.putInt(0, SIGNATURE);
        table.putInt(8, regions.size());
        for (int i = 0; i < regions.size(); i++) {
            Region region = regions.get(i);
            int at = 16 + i * ENTRY_SIZE;
            MicrosoftGuid.write(table, at, region.guid());
            table.putLong(at + 16, region.fileOffset());
            table.putInt(at + 24, (int) region.length());
            table.putInt(at + 28, region.required() ? 1 : 0);
        }
        VhdxChecksum.store(table, CHECKSUM_FIELD);
        return table;
    }
}
