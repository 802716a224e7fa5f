package dev.ferry.disk.vhdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * Converts between {@link UUID} and the 16 bytes of a Microsoft GUID, whose first three fields are little-endian and
 * whose last eight bytes are stored as written.
 */
final class MicrosoftGuid {

    static final UUID ZERO = new UUID(0, 0);

    private MicrosoftGuid() {
    }

    static UUID read(ByteBuffer buffer, int index) {
        ByteBuffer little = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long data1 = Integer.toUnsignedLong(little.getInt(index));
        long data2 = little.getShort(index + 4) & 0xFFFFL;
        long data3 = little.getShort(index + 6) & 0xFFFFL;
        long data4 = buffer.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(index + 8);
        return new UUID(data1 << 32 | data2 << 16 | data3, data4);
    }

    static void write(ByteBuffer buffer, int index, UUID guid) {
        ByteBuffer little = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long high = guid.getMostSignificantBits();
        little.putInt(index, (int) (high >>> 32));
        little.putShort(index + 4, (short) (high >>> 16));
        little.putShort(index + 6, (short) high);
        buffer.duplicate().order(ByteOrder.BIG_ENDIAN).putLong(index + 8, guid.getLeastSignificantBits());
    }
}
