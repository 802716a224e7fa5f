package dev.ferry.disk.vhd;

/** Checks that a read or extent request lies inside the virtual disk, as the DiskImage contract demands. */
public final class GuestRange {

    private GuestRange() {
    }

    public static void require(long offset, long length, long virtualSize) {
        if (offset < 0 || length < 0 || offset > virtualSize - length) {
            throw new IllegalArgumentException("range of " + length + " bytes at " + offset
                    + " lies outside a disk of " + virtualSize + " bytes");
        }
    }
}
