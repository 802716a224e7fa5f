package dev.ferry.disk.vhd;

/** The disk types a VHD footer can name; the specification's deprecated types 1, 5 and 6 are not readable. */
public enum VhdDiskType {
    /** Raw data followed by the footer. */
    FIXED(2),
    /** Footer copy, dynamic header, BAT and blocks allocated on demand. */
    DYNAMIC(3),
    /** A dynamic disk whose unallocated sectors come from a parent VHD. */
    DIFFERENCING(4);

    private final int code;

    VhdDiskType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** The type with this footer code, or null. */
    static VhdDiskType of(int code) {
        for (VhdDiskType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }

    public String subformat() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
