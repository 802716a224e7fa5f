package dev.ferry.disk.vhd;

import java.nio.ByteBuffer;

/** The one's-complement byte sum that protects a VHD footer and a dynamic disk header. */
final class VhdChecksum {

    private VhdChecksum() {
    }

    /** Checksum of {@code structure} (from index 0 to its limit), skipping the 4-byte field at {@code fieldIndex}. */
    static int compute(ByteBuffer structure, int fieldIndex) {
        int sum = 0;
        for (int i = 0; i < structure.limit(); i++) {
            if (i < fieldIndex || i >= fieldIndex + Integer.BYTES) {
                sum += structure.get(i) & 0xFF;
            }
        }
        return ~sum;
    }
}
