package dev.ferry.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Where a VHDX that Ferry writes keeps things: header section in the first MiB, a 1 MiB log (never used: the file
 * is written in one pass and its log GUID stays zero), 1 MiB of metadata, the BAT, then payload blocks on whole MiB.
 */
record VhdxLayout(VhdxMetadata metadata) {

    static final long MIB = VhdxBlockTable.MIB;
    static final long LOG_OFFSET = MIB;
    static final long LOG_LENGTH = MIB;
    static final long METADATA_OFFSET = 2 * MIB;
    static final long METADATA_LENGTH = MIB;
    static final long BAT_OFFSET = 3 * MIB;
    private static final String CREATOR = "Ferry disk-image";

    long batLength() {
        long bytes = Math.max(1, metadata.batEntries()) * Long.BYTES;
        return (bytes + MIB - 1) / MIB * MIB;
    }

    /** Where payload blocks start. */
    long payloadOffset() {
        return BAT_OFFSET + batLength();
    }

    /** Index in the BAT of payload block {@code block}: a sector bitmap entry follows every chunk. */
    long batIndex(long block) {
        return block + block / metadata.chunkRatio();
    }

    ByteBuffer fileIdentifier() {
        byte[] creator = CREATOR.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer identifier = ByteBuffer.allocate(8 + creator.length);
        identifier.put(VhdxImage.SIGNATURE.duplicate()).put(creator);
        return identifier.flip();
    }

    ByteBuffer header(long sequenceNumber, UUID fileWriteGuid, UUID dataWriteGuid) {
        return new VhdxHeader(sequenceNumber, fileWriteGuid, dataWriteGuid, MicrosoftGuid.ZERO, 0, 1, LOG_LENGTH,
                LOG_OFFSET).toBytes();
    }

    ByteBuffer regionTable() {
        return new VhdxRegionTable(List.of(
                new VhdxRegionTable.Region(VhdxRegionTable.BAT, BAT_OFFSET, batLength(), true, 0),
                new VhdxRegionTable.Region(VhdxRegionTable.METADATA, METADATA_OFFSET, METADATA_LENGTH, true, 0)))
                .toBytes();
    }

    /** A BAT entry saying the payload block is fully present at {@code fileOffset}. */
    static long presentEntry(long fileOffset) {
        return fileOffset | VhdxBlockTable.FULLY_PRESENT;
    }

    static ByteBuffer entries(long[] values, int count) {
        ByteBuffer bytes = ByteBuffer.allocate(count * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values, 0, count);
        return bytes;
    }
}
