package dev.ferry.disk.qcow2;

/** Numbers fixed by qemu's qcow2 specification (docs/interop/qcow2.txt) that reader and writer share. */
final class Qcow2 {

    /** Name used in error messages. */
    static final String FORMAT = "qcow2";

    /** "QFI\xfb" read as a big-endian int. */
    static final int MAGIC = 0x514649fb;

    static final int VERSION_2_HEADER_LENGTH = 72;
    static final int VERSION_3_MIN_HEADER_LENGTH = 104;

    static final int MIN_CLUSTER_BITS = 9;
    /** qemu refuses clusters above 2 MiB, so no image worth reading has them. */
    static final int MAX_CLUSTER_BITS = 21;
    /** Extended L2 entries need clusters of at least 16 KiB (32 subclusters of 512 bytes). */
    static final int MIN_EXTENDED_L2_CLUSTER_BITS = 14;
    static final int SUBCLUSTERS_PER_CLUSTER = 32;

    /** qemu's limit on the L1 table (32 MiB); larger tables are hostile rather than big. */
    static final int MAX_L1_ENTRIES = (32 << 20) / Long.BYTES;
    static final int MAX_BACKING_NAME_LENGTH = 1023;

    static final long INCOMPATIBLE_DIRTY = 1L;
    static final long INCOMPATIBLE_CORRUPT = 1L << 1;
    static final long INCOMPATIBLE_EXTERNAL_DATA_FILE = 1L << 2;
    static final long INCOMPATIBLE_COMPRESSION_TYPE = 1L << 3;
    static final long INCOMPATIBLE_EXTENDED_L2 = 1L << 4;
    static final long COMPATIBLE_LAZY_REFCOUNTS = 1L;

    static final int COMPRESSION_ZLIB = 0;
    static final int COMPRESSION_ZSTD = 1;

    static final int EXTENSION_END = 0;
    static final int EXTENSION_BACKING_FORMAT = 0xe2792aca;
    static final int EXTENSION_FEATURE_NAMES = 0x6803f857;
    static final int EXTENSION_BITMAPS = 0x23852875;
    static final int EXTENSION_ENCRYPTION_HEADER = 0x0537be77;
    static final int EXTENSION_EXTERNAL_DATA_FILE = 0x44415441;

    /** L1 entries and standard L2 entries keep the host offset in bits 9-55. */
    static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    /** Set when the cluster's refcount is exactly one (so it can be written in place). */
    static final long FLAG_COPIED = 1L << 63;
    static final long FLAG_COMPRESSED = 1L << 62;
    /** Version 3 standard L2 entries: the cluster reads as zeros. */
    static final long FLAG_ZERO = 1L;

    /** qemu's sector: compressed data and disk sizes are counted in these, whatever the cluster size. */
    static final int SECTOR = 512;

    private Qcow2() {
    }

    /** Bit position where a compressed descriptor's sector count starts: {@code 62 - (cluster_bits - 8)}. */
    static int compressedSizeShift(int clusterBits) {
        return 62 - (clusterBits - 8);
    }

    /** Mask of the compressed descriptor's "additional sectors" field once shifted down. */
    static long compressedSizeMask(int clusterBits) {
        return (1L << (clusterBits - 8)) - 1;
    }

    /** Mask of the compressed descriptor's host offset field. */
    static long compressedOffsetMask(int clusterBits) {
        return (1L << compressedSizeShift(clusterBits)) - 1;
    }
}
