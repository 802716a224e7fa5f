package dev.ferry.disk.vhd;

import java.util.BitSet;

/**
 * Which sectors of one block a VHD or VHDX file holds itself (bit set) and which read as zeros or come from the
 * parent (bit clear). VHD stores the bits most significant first within each byte, VHDX least significant first.
 */
public final class SectorBitmap {

    private final BitSet bits;
    private final boolean allSet;

    private SectorBitmap(BitSet bits, int sectors) {
        this.bits = bits;
        this.allSet = bits.cardinality() == sectors;
    }

    /** A VHD block bitmap: bit 7 of byte 0 is the first sector. */
    public static SectorBitmap mostSignificantFirst(byte[] bytes, int sectors) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = (byte) (Integer.reverse(bytes[i]) >>> 24);
        }
        return leastSignificantFirst(reversed, sectors);
    }

    /** A VHDX sector bitmap slice: bit 0 of byte 0 is the first sector. */
    public static SectorBitmap leastSignificantFirst(byte[] bytes, int sectors) {
        BitSet bits = BitSet.valueOf(bytes);
        if (bits.length() > sectors) {
            bits.clear(sectors, bits.length());
        }
        return new SectorBitmap(bits, sectors);
    }

    public boolean isSet(int sector) {
        return bits.get(sector);
    }

    public boolean allSet() {
        return allSet;
    }

    /** How many sectors from {@code from} (but not past {@code limit}) have the same bit as {@code from}. */
    public int runLength(int from, int limit) {
        int end = bits.get(from) ? bits.nextClearBit(from) : bits.nextSetBit(from);
        if (end < 0 || end > limit) {
            end = limit;
        }
        return end - from;
    }
}
