package dev.ferry.disk.vhd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.ferry.disk.ImageFormatException;

/**
 * The 512-byte footer every VHD ends with (and a dynamic VHD also starts with): identity, sizes, geometry and type.
 * Big-endian, protected by a one's-complement checksum.
 *
 * @param dataOffset file offset of the dynamic header, all ones for a fixed disk
 * @param timestamp seconds since 2000-01-01 00:00 UTC
 * @param creatorApplication four ISO-8859-1 characters such as "win " or "qem2"
 * @param creatorHostOs "Wi2k" or "Mac " as a big-endian integer
 */
public record VhdFooter(
        long dataOffset,
        int timestamp,
        String creatorApplication,
        int creatorVersion,
        int creatorHostOs,
        long originalSize,
        long currentSize,
        DiskGeometry geometry,
        VhdDiskType diskType,
        UUID uniqueId,
        boolean savedState) {

    public static final int SIZE = 512;
    /** The largest disk the format allows: 2,040 GiB. */
    public static final long MAXIMUM_DISK_SIZE = 2040L << 30;
    static final long NO_DATA_OFFSET = -1L;
    static final String FORMAT = "vhd";
    static final int HOST_OS_WINDOWS = 0x5769326B; // "Wi2k"
    private static final int CREATOR_VERSION = 0x000A0000; // 10.0, as Hyper-V on Windows Server 2016 and later
    private static final long EPOCH_2000 = 946_684_800L;

    private static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
    private static final int FEATURES_RESERVED = 0x00000002;
    private static final int FORMAT_VERSION = 0x00010000;
    private static final int CHECKSUM_FIELD = 64;
    /** Creators whose footer current size is the disk size (Hyper-V, qemu force_size, Disk2VHD, Citrix, Xen tap). */
    private static final Set<String> CURRENT_SIZE_CREATORS = Set.of("win ", "qem2", "d2v ", "CTXS", "tap\0");

    /**
     * The footer of a disk Ferry creates. The creator application is "win ", as on disks Hyper-V makes: Hyper-V and
     * qemu then both take the exact current size as the disk size rather than rounding it to the CHS geometry (which
     * qemu does for unknown creators), and Hyper-V is the target these disks are made for.
     */
    static VhdFooter forNewDisk(VhdDiskType type, long size, long dataOffset, UUID uniqueId, int timestamp) {
        return new VhdFooter(dataOffset, timestamp, "win ", CREATOR_VERSION, HOST_OS_WINDOWS, size, size,
                DiskGeometry.forSize(size), type, uniqueId, false);
    }

    /** Seconds since 2000-01-01 00:00 UTC, the footer's time base. */
    static int timestampNow() {
        return (int) (java.time.Instant.now().getEpochSecond() - EPOCH_2000);
    }

    /** Whether {@code bytes} (at its position) starts with the footer cookie. */
    public static boolean hasCookie(ByteBuffer bytes) {
        return bytes.remaining() >= COOKIE.length
                && bytes.slice(bytes.position(), COOKIE.length).equals(ByteBuffer.wrap(COOKIE));
    }

    /** Parses and verifies a footer read from {@code fileOffset}; {@code bytes} holds exactly 512 bytes. */
    public static VhdFooter parse(ByteBuffer bytes, long fileOffset) throws ImageFormatException {
        ByteBuffer footer = bytes.slice().order(java.nio.ByteOrder.BIG_ENDIAN);
        if (footer.remaining() < SIZE || !hasCookie(footer)) {
            throw new ImageFormatException(FORMAT, fileOffset, "no footer cookie 'conectix'");
        }
        int stored = footer.getInt(CHECKSUM_FIELD);
        int computed = VhdChecksum.compute(footer.limit(SIZE), CHECKSUM_FIELD);
        if (stored != computed) {
            throw new ImageFormatException(FORMAT, fileOffset, "footer checksum is 0x" + Integer.toHexString(stored)
                    + " but the footer sums to 0x" + Integer.toHexString(computed));
        }
        int typeCode = footer.getInt(60);
        VhdDiskType type = VhdDiskType.of(typeCode);
        if (type == null) {
            throw new ImageFormatException(FORMAT, fileOffset + 60, "unsupported disk type " + typeCode
                    + " (readable: 2 fixed, 3 dynamic, 4 differencing)");
        }
        byte[] creator = new byte[4];
        footer.get(28, creator);
        return new VhdFooter(footer.getLong(16), footer.getInt(24), new String(creator, StandardCharsets.ISO_8859_1),
                footer.getInt(32), footer.getInt(36), footer.getLong(40), footer.getLong(48),
                DiskGeometry.decode(footer.getInt(56)), type, new UUID(footer.getLong(68), footer.getLong(76)),
                footer.get(84) != 0);
    }

    /**
     * The guest-visible size: Hyper-V, qemu's "qem2", Disk2VHD, Citrix and Xen write the exact size into the footer;
     * Virtual PC (and old qemu) size the disk by its CHS geometry, unless the geometry is at its maximum.
     */
    public long diskSize() {
        return trustsCurrentSize() ? currentSize : geometry.capacity();
    }

    /** Whether {@link #diskSize()} comes from the current size field rather than from the geometry. */
    public boolean trustsCurrentSize() {
        return CURRENT_SIZE_CREATORS.contains(creatorApplication) || geometry.isMaximum();
    }

    /** The creator application for display, without padding. */
    public String creatorName() {
        return creatorApplication.replace('\0', ' ').trim();
    }

    /** Facts worth showing in {@code ferry-disk info}, in display order. */
    public Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("creator", creatorName() + " " + (creatorVersion >>> 16) + "." + (creatorVersion & 0xFFFF));
        details.put("host OS", new String(ByteBuffer.allocate(4).putInt(creatorHostOs).array(),
                StandardCharsets.ISO_8859_1).replace('\0', ' ').trim());
        details.put("geometry (C/H/S)", geometry.toString());
        details.put("size from", trustsCurrentSize() ? "footer current size" : "CHS geometry");
        details.put("unique id", uniqueId.toString());
        if (savedState) {
            details.put("saved state", "yes");
        }
        return details;
    }

    /** The footer as written to disk, checksum included. */
    public ByteBuffer toBytes() {
        ByteBuffer footer = ByteBuffer.allocate(SIZE);
        footer.put(COOKIE);
        footer.putInt(8, FEATURES_RESERVED);
        footer.putInt(12, FORMAT_VERSION);
        footer.putLong(16, dataOffset);
        footer.putInt(24, timestamp);
        footer.put(28, creatorApplication.getBytes(StandardCharsets.ISO_8859_1), 0, 4);
        footer.putInt(32, creatorVersion);
        footer.putInt(36, creatorHostOs);
        footer.putLong(40, originalSize);
        footer.putLong(48, currentSize);
        footer.putInt(56, geometry.encode());
        footer.putInt(60, diskType.code());
        footer.putLong(68, uniqueId.getMostSignificantBits());
        footer.putLong(76, uniqueId.getLeastSignificantBits());
        footer.put(84, (byte) (savedState ? 1 : 0));
        footer.putInt(CHECKSUM_FIELD, VhdChecksum.compute(footer.clear(), CHECKSUM_FIELD));
        return footer.clear();
    }
}
