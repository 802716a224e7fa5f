package dev.ferry.disk;

/** The container formats Ferry reads and writes. Subformats (dynamic, fixed, streamOptimized...) are in ImageInfo. */
public enum ImageFormat {
    RAW("raw"),
    VMDK("vmdk"),
    VHD("vpc"),
    VHDX("vhdx"),
    QCOW2("qcow2");

    private final String qemuName;

    ImageFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The name qemu-img uses for this format ({@code -f}/{@code -O}); VHD is "vpc" there. */
    public String qemuName() {
        return qemuName;
    }

    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a user-supplied format name; accepts qemu's "vpc" for VHD. */
    public static ImageFormat parse(String name) {
        String normalized = name.trim().toLowerCase(java.util.Locale.ROOT);
        for (ImageFormat format : values()) {
            if (format.displayName().equals(normalized) || format.qemuName.equals(normalized)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown image format '" + name + "' (expected raw, vmdk, vhd, vhdx or qcow2)");
    }
}
