package dev.ferry.disk.vmdk;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageFormatException;

/**
 * Constants of the VMDK format shared by its readers and writers (VMware "Virtual Disk Format 5.0"), and the caps that
 * keep hostile files from making a reader allocate or loop without bound.
 */
final class VmdkFormat {

    static final String NAME = ImageFormat.VMDK.displayName();

    static final int SECTOR_SIZE = 512;

    /** "KDMV" read as a little-endian uint32: the hosted sparse extent magic. */
    static final int SPARSE_MAGIC = 0x564d444b;
    /** "COWD" read as a little-endian uint32: the ESX 2.x / vmfsSparse extent magic, which Ferry does not read. */
    static final int COWD_MAGIC = 0x44574f43;

    static final int FLAG_NEWLINE_CHECK = 1;
    static final int FLAG_REDUNDANT_DIRECTORY = 1 << 1;
    static final int FLAG_ZEROED_GRAIN_ENTRIES = 1 << 2;
    static final int FLAG_COMPRESSED_GRAINS = 1 << 16;
    static final int FLAG_MARKERS = 1 << 17;

    static final int COMPRESSION_NONE = 0;
    static final int COMPRESSION_DEFLATE = 1;

    /** gdOffset value meaning "the grain directory offset is in the footer" (streamOptimized). */
    static final long DIRECTORY_AT_END = -1L;

    /** A grain table entry of 1 reads as zeros when {@link #FLAG_ZEROED_GRAIN_ENTRIES} is set. */
    static final long ZEROED_GRAIN_ENTRY = 1;

    static final int MARKER_END_OF_STREAM = 0;
    static final int MARKER_GRAIN_TABLE = 1;
    static final int MARKER_GRAIN_DIRECTORY = 2;
    static final int MARKER_FOOTER = 3;

    /** A compressed grain starts with its guest sector (uint64) and compressed byte count (uint32). */
    static final int GRAIN_MARKER_SIZE = 12;

    /** CID meaning "no parent". */
    static final long NO_PARENT_CID = 0xffffffffL;

    /** Beyond what VMware supports (62 TB) and small enough that sector arithmetic never overflows. */
    static final long MAX_VIRTUAL_SIZE = 64L << 40;
    /** VMware writes 64 KiB grains; anything above 1 MiB is a corrupt or hostile header. */
    static final int MAX_GRAIN_SIZE = 1 << 20;
    /** The specification fixes 512 entries per grain table; a little slack, but no more. */
    static final int MAX_TABLE_ENTRIES = 4096;
    /** 16 MiB of grain directory at most (4 Mi tables). */
    static final int MAX_DIRECTORY_ENTRIES = 1 << 22;
    /** Descriptors are a few hundred bytes; qemu refuses more than 1 MiB as well. */
    static final int MAX_DESCRIPTOR_SIZE = 1 << 20;
    /** A twoGbMaxExtent disk of 8 TiB has 4096 extents, each an open file. */
    static final int MAX_EXTENTS = 4096;

    private VmdkFormat() {
    }

    /** zlib's compressBound: the most a deflate stream of {@code length} input bytes can take. */
    static int compressBound(int length) {
        return length + (length >> 12) + (length >> 14) + (length >> 25) + 13;
    }

    static ImageFormatException corrupt(long fileOffset, String problem) {
        return new ImageFormatException(NAME, fileOffset, problem);
    }

    static ImageFormatException unsupported(String problem) {
        return new ImageFormatException(NAME, problem);
    }
}
