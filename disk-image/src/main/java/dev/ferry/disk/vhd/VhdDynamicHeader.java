package dev.ferry.disk.vhd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ferry.disk.ImageFormatException;

/**
 * The 1,024-byte "cxsparse" header of a dynamic or differencing VHD: where the BAT is, how big blocks are, and for a
 * differencing disk who the parent is.
 *
 * @param parentUnicodeName the parent's file name as stored (UTF-16BE), empty for a dynamic disk
 */
public record VhdDynamicHeader(
        long tableOffset,
        int maxTableEntries,
        int blockSize,
        UUID parentUniqueId,
        int parentTimestamp,
        String parentUnicodeName,
        List<VhdParentLocator> parentLocators) {

    public static final int SIZE = 1024;
    /** Block sizes are powers of two in this range; 2 MiB is what Hyper-V, Virtual PC and qemu use. */
    public static final int MINIMUM_BLOCK_SIZE = 512;
    public static final int MAXIMUM_BLOCK_SIZE = 256 << 20;

    private static final byte[] COOKIE = "cxsparse".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_VERSION = 0x00010000;
    private static final int CHECKSUM_FIELD = 36;
    private static final int PARENT_NAME_FIELD = 64;
    private static final int PARENT_NAME_BYTES = 512;
    private static final int LOCATOR_FIELD = 576;
    private static final int LOCATOR_SIZE = 24;
    private static final int LOCATOR_COUNT = 8;

    public VhdDynamicHeader {
        parentLocators = List.copyOf(parentLocators);
    }

    /** A header for a new dynamic disk with no parent. */
    public static VhdDynamicHeader forDynamicDisk(long tableOffset, int maxTableEntries, int blockSize) {
        return new VhdDynamicHeader(tableOffset, maxTableEntries, blockSize, new UUID(0, 0), 0, "", List.of());
    }

    /** Parses and verifies a header read from {@code fileOffset}; {@code bytes} holds exactly 1,024 bytes. */
    public static VhdDynamicHeader parse(ByteBuffer bytes, long fileOffset) throws ImageFormatException {
        ByteBuffer header = bytes.slice().order(ByteOrder.BIG_ENDIAN);
        if (header.remaining() < SIZE || !header.slice(0, COOKIE.length).equals(ByteBuffer.wrap(COOKIE))) {
            throw new ImageFormatException(VhdFooter.FORMAT, fileOffset, "no dynamic disk header cookie 'cxsparse'");
        }
        int stored = header.getInt(CHECKSUM_FIELD);
        int computed = VhdChecksum.compute(header.limit(SIZE), CHECKSUM_FIELD);
        if (stored != computed) {
            throw new ImageFormatException(VhdFooter.FORMAT, fileOffset, "dynamic disk header checksum is 0x"
                    + Integer.toHexString(stored) + " but the header sums to 0x" + Integer.toHexString(computed));
        }
        int version = header.getInt(24);
        if (version != HEADER_VERSION) {
            throw new ImageFormatException(VhdFooter.FORMAT, fileOffset + 24, "unsupported dynamic header version 0x"
                    + Integer.toHexString(version));
        }
        int blockSize = header.getInt(32);
        if (blockSize < MINIMUM_BLOCK_SIZE || blockSize > MAXIMUM_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new ImageFormatException(VhdFooter.FORMAT, fileOffset + 32, "block size " + Integer.toUnsignedString(
                    blockSize) + " is not a power of two between 512 bytes and 256 MiB");
        }
        byte[] name = new byte[PARENT_NAME_BYTES];
        header.get(PARENT_NAME_FIELD, name);
        List<VhdParentLocator> locators = new ArrayList<>();
        for (int i = 0; i < LOCATOR_COUNT; i++) {
            int at = LOCATOR_FIELD + i * LOCATOR_SIZE;
            int code = header.getInt(at);
            if (code != 0) {
                locators.add(new VhdParentLocator(code, header.getInt(at + 4), header.getInt(at + 8),
                        header.getLong(at + 16)));
            }
        }
        return new VhdDynamicHeader(header.getLong(16), header.getInt(28), blockSize,
                new UUID(header.getLong(40), header.getLong(48)), header.getInt(56), decodeName(name), locators);
    }

    /** Bytes of the sector bitmap in front of each block: one bit per sector, padded to a whole sector. */
    public int bitmapSize() {
        int bits = blockSize / DiskGeometry.SECTOR;
        int bytes = (bits + 7) / 8;
        return (bytes + DiskGeometry.SECTOR - 1) / DiskGeometry.SECTOR * DiskGeometry.SECTOR;
    }

    /** The header as written to disk, checksum included. Parent fields are written as given. */
    public ByteBuffer toBytes() {
        ByteBuffer header = ByteBuffer.allocate(SIZE);
        header.put(COOKIE);
        header.putLong(8, -1L); // data offset: unused, all 64 bits set as Microsoft's tools expect
        header.putLong(16, tableOffset);
        header.putInt(24, HEADER_VERSION);
        header.putInt(28, maxTableEntries);
        header.putInt(32, blockSize);
        header.putLong(40, parentUniqueId.getMostSignificantBits());
        header.putLong(48, parentUniqueId.getLeastSignificantBits());
        header.putInt(56, parentTimestamp);
        byte[] name = parentUnicodeName.getBytes(StandardCharsets.UTF_16BE);
        header.put(PARENT_NAME_FIELD, name, 0, Math.min(name.length, PARENT_NAME_BYTES));
        for (int i = 0; i < Math.min(LOCATOR_COUNT, parentLocators.size()); i++) {
            VhdParentLocator locator = parentLocators.get(i);
            int at = LOCATOR_FIELD + i * LOCATOR_SIZE;
            header.putInt(at, locator.platformCode());
            header.putInt(at + 4, locator.dataSpace());
            header.putInt(at + 8, locator.dataLength());
            header.putLong(at + 16, locator.dataOffset());
        }
        header.putInt(CHECKSUM_FIELD, VhdChecksum.compute(header.clear(), CHECKSUM_FIELD));
        return header.clear();
    }

    private static String decodeName(byte[] utf16) {
        int length = 0;
        while (length + 1 < utf16.length && (utf16[length] != 0 || utf16[length + 1] != 0)) {
            length += 2;
        }
        return new String(utf16, 0, length, StandardCharsets.UTF_16BE);
    }
}
