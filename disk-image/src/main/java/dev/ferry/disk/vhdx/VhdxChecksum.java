package dev.ferry.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/** The CRC-32C that protects VHDX headers, region tables and log entries, computed with its own field as zero. */
final class VhdxChecksum {

    private static final ByteBuffer ZERO_FIELD = ByteBuffer.allocate(4).asReadOnlyBuffer();

    private VhdxChecksum() {
    }

    /** Checksum of {@code structure} from index 0 to its limit, with the 4 bytes at {@code fieldIndex} as zero. */
    static int compute(ByteBuffer structure, int fieldIndex) {
        CRC32C crc = new CRC32C();
        crc.update(structure.slice(0, fieldIndex));
        crc.update(ZERO_FIELD.duplicate());
        crc.update(structure.slice(fieldIndex + 4, structure.limit() - fieldIndex - 4));
        return (int) crc.getValue();
    }

    /** Stores the checksum of {@code structure} in its field. */
    static void store(ByteBuffer structure, int fieldIndex) {
        structure.duplicate().order(ByteOrder.LITTLE_ENDIAN).putInt(fieldIndex, compute(structure, fieldIndex));
    }

    /** Whether the stored checksum matches the content. */
    static boolean matches(ByteBuffer structure, int fieldIndex) {
        return structure.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(fieldIndex) == compute(structure,
                fieldIndex);
    }
}
