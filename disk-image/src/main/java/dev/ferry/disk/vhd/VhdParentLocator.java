package dev.ferry.disk.vhd;

/**
 * One of the eight parent locator entries of a differencing VHD's header: where in the file a path to the parent is
 * stored, and in which form.
 *
 * @param platformCode "W2ru" (relative Windows path), "W2ku" (absolute Windows path), both UTF-16LE, or others
 * @param dataLength bytes of path data
 * @param dataOffset file offset of the path data
 */
public record VhdParentLocator(int platformCode, int dataSpace, int dataLength, long dataOffset) {

    /** Relative Windows path, UTF-16LE. */
    public static final int WINDOWS_RELATIVE = 0x57327275; // "W2ru"
    /** Absolute Windows path, UTF-16LE. */
    public static final int WINDOWS_ABSOLUTE = 0x57326B75; // "W2ku"

    public boolean isWindowsPath() {
        return platformCode == WINDOWS_RELATIVE || platformCode == WINDOWS_ABSOLUTE;
    }
}
