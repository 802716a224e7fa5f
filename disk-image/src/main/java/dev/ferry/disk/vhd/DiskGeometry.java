package dev.ferry.disk.vhd;

/**
 * The cylinder/head/sector geometry a VHD footer carries, computed with the algorithm of the VHD specification
 * (appendix "CHS calculation"). Virtual PC sizes a disk by this geometry; Hyper-V and qemu by the footer's current
 * size.
 */
public record DiskGeometry(int cylinders, int heads, int sectorsPerTrack) {

    static final int SECTOR = 512;
    private static final long MAXIMUM_SECTORS = 65535L * 16 * 255;

    /** The geometry the specification assigns to a disk of {@code bytes} (rounded down to whole sectors). */
    public static DiskGeometry forSize(long bytes) {
        long totalSectors = Math.min(bytes / SECTOR, MAXIMUM_SECTORS);
        int sectorsPerTrack;
        int heads;
        long cylindersTimesHeads;
        if (totalSectors >= 65535L * 16 * 63) {
            sectorsPerTrack = 255;
            heads = 16;
            cylindersTimesHeads = totalSectors / sectorsPerTrack;
        } else {
            sectorsPerTrack = 17;
            cylindersTimesHeads = totalSectors / sectorsPerTrack;
            heads = (int) Math.max(4, (cylindersTimesHeads + 1023) / 1024);
            if (cylindersTimesHeads >= heads * 1024L || heads > 16) {
                sectorsPerTrack = 31;
                heads = 16;
                cylindersTimesHeads = totalSectors / sectorsPerTrack;
            }
            if (cylindersTimesHeads >= heads * 1024L) {
                sectorsPerTrack = 63;
                heads = 16;
                cylindersTimesHeads = totalSectors / sectorsPerTrack;
            }
        }
        return new DiskGeometry((int) (cylindersTimesHeads / heads), heads, sectorsPerTrack);
    }

    /** Decodes the footer's 4-byte field: cylinders (16 bits), heads (8), sectors per track (8). */
    static DiskGeometry decode(int field) {
        return new DiskGeometry(field >>> 16, (field >>> 8) & 0xFF, field & 0xFF);
    }

    int encode() {
        return cylinders << 16 | heads << 8 | sectorsPerTrack;
    }

    /** Bytes the geometry addresses. */
    public long capacity() {
        return (long) cylinders * heads * sectorsPerTrack * SECTOR;
    }

    /** Whether this is the largest geometry the format can express, at which the footer's size must be trusted. */
    public boolean isMaximum() {
        return (long) cylinders * heads * sectorsPerTrack == MAXIMUM_SECTORS;
    }

    @Override
    public String toString() {
        return cylinders + "/" + heads + "/" + sectorsPerTrack;
    }
}
