package dev.ferry.disk.qcow2;

import java.nio.ByteBuffer;

import dev.ferry.disk.ImageFormatException;

/**
 * The fixed qcow2 header at the start of the file (big-endian), parsed and checked against the file size, or built
 * for a new image.
 */
record Qcow2Header(
        int version,
        long backingFileOffset,
        int backingFileSize,
        int clusterBits,
        long size,
        int cryptMethod,
        int l1Size,
        long l1TableOffset,
        long refcountTableOffset,
        int refcountTableClusters,
        int snapshotCount,
        long snapshotsOffset,
        long incompatibleFeatures,
        long compatibleFeatures,
        long autoclearFeatures,
        int refcountOrder,
        int headerLength,
        int compressionType) {

    /** Header length this writer uses: the version 3 fields plus the compression type byte, padded to 8. */
    static final int WRITTEN_HEADER_LENGTH = 112;

    /** Bytes a reader needs before it knows the cluster size and the header length. */
    static final int FIXED_PART = Qcow2.VERSION_3_MIN_HEADER_LENGTH + 8;

    long clusterSize() {
        return 1L << clusterBits;
    }

    boolean hasBackingFile() {
        return backingFileOffset != 0;
    }

    boolean has(long incompatibleFeature) {
        return (incompatibleFeatures & incompatibleFeature) != 0;
    }

    /**
     * Parses the header from the first bytes of the file ({@code head} starts at file offset 0) and checks every field
     * that can be checked without reading further.
     */
    static Qcow2Header parse(ByteBuffer head, long fileSize) throws ImageFormatException {
        if (head.remaining() < Qcow2.VERSION_2_HEADER_LENGTH) {
            throw problem(fileSize, "file of " + fileSize + " bytes is too short for a qcow2 header ("
                    + Qcow2.VERSION_2_HEADER_LENGTH + " bytes)");
        }
        if (head.getInt(0) != Qcow2.MAGIC) {
            throw problem(0, "no QFI\\xfb magic");
        }
        int version = head.getInt(4);
        if (version != 2 && version != 3) {
            throw problem(4, "version " + Integer.toUnsignedString(version) + " is not supported (only 2 and 3)");
        }
        int clusterBits = head.getInt(20);
        if (clusterBits < Qcow2.MIN_CLUSTER_BITS || clusterBits > Qcow2.MAX_CLUSTER_BITS) {
            throw problem(20, "cluster_bits " + Integer.toUnsignedString(clusterBits) + " outside "
                    + Qcow2.MIN_CLUSTER_BITS + ".." + Qcow2.MAX_CLUSTER_BITS + " (512 bytes to 2 MiB)");
        }
        long size = head.getLong(24);
        if (size < 0) {
            throw problem(24, "virtual size " + Long.toUnsignedString(size) + " is too large");
        }
        int cryptMethod = head.getInt(32);
        if (cryptMethod != 0) {
            throw problem(32, "encrypted image (crypt_method " + Integer.toUnsignedString(cryptMethod)
                    + (cryptMethod == 1 ? ", AES" : cryptMethod == 2 ? ", LUKS" : "")
                    + ") is not supported; decrypt it with qemu-img convert first");
        }
        long incompatible = 0;
        long compatible = 0;
        long autoclear = 0;
        int refcountOrder = 4;
        int headerLength = Qcow2.VERSION_2_HEADER_LENGTH;
        int compressionType = Qcow2.COMPRESSION_ZLIB;
        if (version == 3) {
            if (head.remaining() < Qcow2.VERSION_3_MIN_HEADER_LENGTH) {
                throw problem(fileSize, "file of " + fileSize + " bytes is too short for a version 3 header ("
                        + Qcow2.VERSION_3_MIN_HEADER_LENGTH + " bytes)");
            }
            incompatible = head.getLong(72);
            compatible = head.getLong(80);
            autoclear = head.getLong(88);
            refcountOrder = head.getInt(96);
            headerLength = head.getInt(100);
            if (refcountOrder < 0 || refcountOrder > 6) {
                throw problem(96, "refcount_order " + Integer.toUnsignedString(refcountOrder) + " exceeds 6");
            }
            if (headerLength < Qcow2.VERSION_3_MIN_HEADER_LENGTH || headerLength % 8 != 0
                    || headerLength > (1 << clusterBits)) {
                throw problem(100, "header_length " + Integer.toUnsignedString(headerLength)
                        + " is not a multiple of 8 between 104 and the cluster size");
            }
            if (headerLength > Qcow2.VERSION_3_MIN_HEADER_LENGTH) {
                if (head.remaining() <= Qcow2.VERSION_3_MIN_HEADER_LENGTH) {
                    throw problem(fileSize, "file ends inside the " + headerLength + "-byte header");
                }
                compressionType = Byte.toUnsignedInt(head.get(104));
            }
        }
        Qcow2Header header = new Qcow2Header(version, head.getLong(8), head.getInt(16), clusterBits, size, cryptMethod,
                head.getInt(36), head.getLong(40), head.getLong(48), head.getInt(56), head.getInt(60), head.getLong(64),
                incompatible, compatible, autoclear, refcountOrder, headerLength, compressionType);
        header.checkTables(fileSize);
        return header;
    }

    private void checkTables(long fileSize) throws ImageFormatException {
        long clusterSize = clusterSize();
        if (l1Size < 0 || l1Size > Qcow2.MAX_L1_ENTRIES) {
            throw problem(36, "L1 table of " + Integer.toUnsignedString(l1Size) + " entries exceeds the limit of "
                    + Qcow2.MAX_L1_ENTRIES);
        }
        long needed = requiredL1Entries();
        if (l1Size < needed) {
            throw problem(36, "L1 table of " + l1Size + " entries is too small for a virtual size of " + size
                    + " bytes (needs " + needed + ")");
        }
        if (l1Size > 0) {
            if (l1TableOffset <= 0 || l1TableOffset % clusterSize != 0) {
                throw problem(40, "L1 table offset " + Long.toUnsignedString(l1TableOffset)
                        + " is not a non-zero multiple of the cluster size " + clusterSize);
            }
            if (l1TableOffset > fileSize || (long) l1Size * Long.BYTES > fileSize - l1TableOffset) {
                throw problem(40, "L1 table at " + l1TableOffset + " with " + l1Size
                        + " entries lies past the end of the file (" + fileSize + " bytes)");
            }
        }
        if (refcountTableOffset % clusterSize != 0) {
            throw problem(48, "refcount table offset " + Long.toUnsignedString(refcountTableOffset)
                    + " is not a multiple of the cluster size");
        }
        if (snapshotCount != 0 && (snapshotsOffset <= 0 || snapshotsOffset % clusterSize != 0)) {
            throw problem(64, "snapshot table offset " + Long.toUnsignedString(snapshotsOffset)
                    + " is not a non-zero multiple of the cluster size");
        }
        if (hasBackingFile()) {
            if (backingFileSize < 0 || backingFileSize > Qcow2.MAX_BACKING_NAME_LENGTH) {
                throw problem(16, "backing file name of " + Integer.toUnsignedString(backingFileSize)
                        + " bytes is longer than " + Qcow2.MAX_BACKING_NAME_LENGTH);
            }
            if (backingFileOffset < 0 || backingFileOffset + backingFileSize > Math.min(clusterSize, fileSize)) {
                throw problem(8, "backing file name at " + Long.toUnsignedString(backingFileOffset) + " ("
                        + backingFileSize + " bytes) lies outside the first cluster or the file");
            }
        }
    }

    /** L1 entries needed to map the whole virtual disk. */
    long requiredL1Entries() {
        long l2Coverage = clusterSize() * l2Entries();
        return size / l2Coverage + (size % l2Coverage == 0 ? 0 : 1);
    }

    /** Entries per L2 table: 8 bytes each, or 16 with extended L2 entries. */
    int l2Entries() {
        return (int) (clusterSize() / (has(Qcow2.INCOMPATIBLE_EXTENDED_L2) ? 2 * Long.BYTES : Long.BYTES));
    }

    /** The header of a new version 3 image (compat 1.1, zlib, 16-bit refcounts, no backing file, no snapshots). */
    static Qcow2Header forNewImage(int clusterBits, long size, int l1Size, long l1TableOffset,
            long refcountTableOffset, int refcountTableClusters) {
        return new Qcow2Header(3, 0, 0, clusterBits, size, 0, l1Size, l1TableOffset, refcountTableOffset,
                refcountTableClusters, 0, 0, 0, 0, 0, 4, WRITTEN_HEADER_LENGTH, Qcow2.COMPRESSION_ZLIB);
    }

    /** Serialises a version 3 header followed by an empty header extension area. */
    ByteBuffer toBytes() {
        ByteBuffer bytes = ByteBuffer.allocate(headerLength + 8);
        bytes.putInt(Qcow2.MAGIC).putInt(version).putLong(backingFileOffset).putInt(backingFileSize)
                .putInt(clusterBits).putLong(size).putInt(cryptMethod).putInt(l1Size).putLong(l1TableOffset)
                .putLong(refcountTableOffset).putInt(refcountTableClusters).putInt(snapshotCount)
                .putLong(snapshotsOffset).putLong(incompatibleFeatures).putLong(compatibleFeatures)
                .putLong(autoclearFeatures).putInt(refcountOrder).putInt(headerLength)
                .put((byte) compressionType);
        // The rest is header padding and the end-of-extensions marker, all zeros.
        return bytes.clear();
    }

    private static ImageFormatException problem(long offset, String message) {
        return new ImageFormatException(Qcow2.FORMAT, offset, message);
    }
}
