package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.vhd.StructureReader;

/**
 * One of the two 4 KiB VHDX headers (at 64 KiB and 128 KiB); the valid one with the higher sequence number is
 * current. A non-zero log GUID says the log holds updates that must be replayed before the file can be trusted.
 */
public record VhdxHeader(
        long sequenceNumber,
        UUID fileWriteGuid,
        UUID dataWriteGuid,
        UUID logGuid,
        int logVersion,
        int version,
        long logLength,
        long logOffset) {

    public static final int SIZE = 4096;
    static final long FIRST_OFFSET = 64 * 1024;
    static final long SECOND_OFFSET = 128 * 1024;
    static final String FORMAT = "vhdx";
    private static final int SIGNATURE = 0x64616568; // "head"
    private static final int CHECKSUM_FIELD = 4;

    /** Parses and verifies a header read at {@code fileOffset}. */
    static VhdxHeader parse(ByteBuffer bytes, long fileOffset) throws ImageFormatException {
        ByteBuffer header = bytes.slice(0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getInt(0) != SIGNATURE) {
            throw new ImageFormatException(FORMAT, fileOffset, "no header signature 'head'");
        }
        if (!VhdxChecksum.matches(header, CHECKSUM_FIELD)) {
            throw new ImageFormatException(FORMAT, fileOffset, "header checksum does not match its content");
        }
        return new VhdxHeader(header.getLong(8), MicrosoftGuid.read(header, 16), MicrosoftGuid.read(header, 32),
                MicrosoftGuid.read(header, 48), header.getShort(64) & 0xFFFF, header.getShort(66) & 0xFFFF,
                Integer.toUnsignedLong(header.getInt(68)), header.getLong(72));
    }

    /**
     * Reads both headers and returns the current one: the valid header with the higher sequence number. Fails when
     * neither is valid or the current one has a version this reader does not know.
     */
    static VhdxHeader readCurrent(StructureReader reader) throws IOException {
        VhdxHeader first = null;
        VhdxHeader second = null;
        ImageFormatException firstProblem = null;
        try {
            first = parse(reader.read(FIRST_OFFSET, SIZE, "first header"), FIRST_OFFSET);
        } catch (ImageFormatException e) {
            firstProblem = e;
        }
        try {
            second = parse(reader.read(SECOND_OFFSET, SIZE, "second header"), SECOND_OFFSET);
        } catch (ImageFormatException e) {
            if (first == null) {
                e.addSuppressed(firstProblem);
                throw new ImageFormatException(FORMAT, FIRST_OFFSET, "neither header is valid: "
                        + firstProblem.getMessage() + "; " + e.getMessage(), e);
            }
        }
        boolean secondIsCurrent = first == null || second != null
                && Long.compareUnsigned(second.sequenceNumber, first.sequenceNumber) > 0;
        VhdxHeader current = secondIsCurrent ? second : first;
        long at = secondIsCurrent ? SECOND_OFFSET : FIRST_OFFSET;
        if (current.version != 1) {
            throw new ImageFormatException(FORMAT, at + 66, "unsupported VHDX version " + current.version);
        }
        if (current.logVersion != 0) {
            throw new ImageFormatException(FORMAT, at + 64, "unsupported log version " + current.logVersion);
        }
        return current;
    }

    /** Whether the log must be replayed before the file's metadata and data can be trusted. */
    public boolean hasLogToReplay() {
        return !logGuid.equals(MicrosoftGuid.ZERO);
    }

    ByteBuffer toBytes() {
        ByteBuffer header = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, SIGNATURE);
        header.putLong(8, sequenceNumber);
        MicrosoftGuid.write(header, 16, fileWriteGuid);
        MicrosoftGuid.write(header, 32, dataWriteGuid);
        MicrosoftGuid.write(header, 48, logGuid);
        header.putShort(64, (short) logVersion);
        header.putShort(66, (short) version);
        header.putInt(68, (int) logLength);
        header.putLong(72, logOffset);
        VhdxChecksum.store(header, CHECKSUM_FIELD);
        return header;
    }
}
