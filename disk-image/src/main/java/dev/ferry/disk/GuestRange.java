package dev.ferry.disk;

/** Checks that a read or extent request lies inside the virtual disk, as the {@link DiskImage} contract demands. */
public final class GuestRange {

    private GuestRange() {
    }

    /** For {@link DiskImage#read}: {@code length} bytes at {@code offset} must lie inside the disk. */
    public static void require(long offset, long length, long virtualSize) {
        if (offset < 0 || length < 0 || offset > virtualSize - length) {
            throw new IllegalArgumentException("range of " + length + " bytes at " + offset
                    + " lies outside a disk of " + virtualSize + " bytes");
        }
    }

    /** For {@link DiskImage#extent}: {@code offset} must lie inside the disk and {@code maxLength} be positive. */
    public static void requireExtent(long offset, long maxLength, long virtualSize) {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive, got " + maxLength);
        }
        require(offset, 1, virtualSize);
    }
}
