package dev.ferry.disk.qcow2;

import java.io.IOException;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.qcow2.ClusterRun.Kind;

/**
 * Follows the active L1 table and its L2 tables to say how guest bytes are stored, merging neighbouring clusters that
 * are stored alike into one run. Every offset taken from the file is checked before it is used. Thread-safe.
 */
final class ClusterMap {

    /** A scan stops after this many L2 tables or this many entries, so one call stays cheap however long the run. */
    private static final int MAX_TABLES_PER_SCAN = 64;
    private static final int MAX_UNITS_PER_SCAN = 1 << 16;

    private final L2TableCache tables;
    private final long[] l1;
    private final long l1TableOffset;
    private final long l1TableBytes;
    private final long refcountTableOffset;
    private final long refcountTableBytes;
    private final long fileSize;
    private final boolean version3;
    private final int clusterBits;
    private final long clusterSize;
    private final int l2Bits;
    private final boolean extendedL2;
    private final int entryBytes;
    private final int subclusterBits;
    private final long compressedOffsetMask;
    private final int compressedSizeShift;
    private final long compressedSizeMask;
    private final boolean unallocatedReadsAsZero;

    /**
     * @param l1 the L1 entries that cover the virtual disk (the table may hold more, which are never used)
     * @param unallocatedReadsAsZero true when there is no backing image, so unallocated and zero runs merge
     */
    ClusterMap(Qcow2Header header, long[] l1, long fileSize, L2TableCache tables, boolean unallocatedReadsAsZero) {
        this.tables = tables;
        this.unallocatedReadsAsZero = unallocatedReadsAsZero;
        this.l1 = l1;
        this.l1TableOffset = header.l1TableOffset();
        this.l1TableBytes = (long) header.l1Size() * Long.BYTES;
        this.refcountTableOffset = header.refcountTableOffset();
        this.refcountTableBytes = Integer.toUnsignedLong(header.refcountTableClusters()) * header.clusterSize();
        this.fileSize = fileSize;
        this.version3 = header.version() >= 3;
        this.clusterBits = header.clusterBits();
        this.clusterSize = header.clusterSize();
        this.l2Bits = Integer.numberOfTrailingZeros(header.l2Entries());
        this.extendedL2 = header.has(Qcow2.INCOMPATIBLE_EXTENDED_L2);
        this.entryBytes = extendedL2 ? 2 * Long.BYTES : Long.BYTES;
        this.subclusterBits = clusterBits - Integer.numberOfTrailingZeros(Qcow2.SUBCLUSTERS_PER_CLUSTER);
        this.compressedOffsetMask = Qcow2.compressedOffsetMask(clusterBits);
        this.compressedSizeShift = Qcow2.compressedSizeShift(clusterBits);
        this.compressedSizeMask = Qcow2.compressedSizeMask(clusterBits);
    }

    /**
     * How to read the bytes from {@code offset}: a run of at most {@code maxLength} bytes, where data runs are
     * contiguous in the file (one read) and compressed runs never leave their cluster.
     */
    ClusterRun mappingAt(long offset, long maxLength) throws IOException {
        return scan(offset, maxLength, false);
    }

    /**
     * What the bytes from {@code offset} are, for block status: stored data (compressed or not, contiguous or not),
     * zeros, or unallocated, as one run of at most {@code maxLength} bytes.
     */
    ClusterRun allocationAt(long offset, long maxLength) throws IOException {
        return scan(offset, maxLength, true);
    }

    private ClusterRun scan(long offset, long maxLength, boolean allStoredDataAlike) throws IOException {
        long end = offset + maxLength;
        Walk walk = new Walk();
        ClusterRun first = walk.unitAt(offset);
        Kind kind = kindOf(first, allStoredDataAlike);
        long runEnd = Math.min(first.end(), end);
        boolean singleCluster = kind == Kind.COMPRESSED;
        int units = 1;
        while (!singleCluster && runEnd < end && walk.tablesLoaded < MAX_TABLES_PER_SCAN
                && units++ < MAX_UNITS_PER_SCAN) {
            ClusterRun next = walk.unitAt(runEnd);
            if (kindOf(next, allStoredDataAlike) != kind) {
                break;
            }
            if (!allStoredDataAlike && kind == Kind.DATA
                    && next.hostOffset() != first.hostOffset() + (runEnd - offset)) {
                break;
            }
            runEnd = Math.min(next.end(), end);
        }
        return new ClusterRun(kind, offset, runEnd - offset, first.hostOffset(), first.compressedLength(),
                first.entryOffset());
    }

    /** The kind a unit counts as when runs are merged. */
    private Kind kindOf(ClusterRun unit, boolean allStoredDataAlike) {
        if (unit.kind() == Kind.COMPRESSED && allStoredDataAlike) {
            return Kind.DATA;
        }
        return unit.kind() == Kind.UNALLOCATED && unallocatedReadsAsZero ? Kind.ZERO : unit.kind();
    }

    /** One scan's position in the tables; remembers the current L2 table so a scan fetches each table once. */
    private final class Walk {

        private long tableOffset = -1;
        private long[] table;
        private int tablesLoaded;

        /** The run of one cluster, subcluster range or unallocated L2 range that contains {@code position}. */
        ClusterRun unitAt(long position) throws IOException {
            int l1Index = (int) (position >>> (clusterBits + l2Bits));
            long l1Entry = l1[l1Index];
            long l2Offset = l1Entry & Qcow2.OFFSET_MASK;
            if (l2Offset == 0) {
                long tableEnd = (long) (l1Index + 1) << (clusterBits + l2Bits);
                return new ClusterRun(Kind.UNALLOCATED, position, tableEnd - position, 0, 0, 0);
            }
            if (l2Offset != tableOffset) {
                table = loadTable(l2Offset, l1TableOffset + (long) l1Index * Long.BYTES);
                tableOffset = l2Offset;
                tablesLoaded++;
            }
            int index = (int) ((position >>> clusterBits) & ((1 << l2Bits) - 1));
            long entryOffset = l2Offset + (long) index * entryBytes;
            long entry = table[extendedL2 ? 2 * index : index];
            long clusterStart = position & -clusterSize;
            long clusterEnd = clusterStart + clusterSize;
            if ((entry & Qcow2.FLAG_COMPRESSED) != 0) {
                return compressed(entry, position, clusterEnd, entryOffset);
            }
            long host = entry & Qcow2.OFFSET_MASK;
            if (extendedL2) {
                return subclusters(host, table[2 * index + 1], position, clusterStart, l2Offset, entryOffset);
            }
            if ((entry & Qcow2.FLAG_ZERO) != 0) {
                if (!version3) {
                    throw new ImageFormatException(Qcow2.FORMAT, entryOffset,
                            "zero cluster flag in a version 2 image");
                }
                return new ClusterRun(Kind.ZERO, position, clusterEnd - position, 0, 0, entryOffset);
            }
            if (host == 0) {
                return new ClusterRun(Kind.UNALLOCATED, position, clusterEnd - position, 0, 0, entryOffset);
            }
            checkDataCluster(host, l2Offset, entryOffset);
            return new ClusterRun(Kind.DATA, position, clusterEnd - position, host + (position - clusterStart), 0,
                    entryOffset);
        }
    }

    private long[] loadTable(long l2Offset, long l1EntryOffset) throws IOException {
        if (l2Offset % clusterSize != 0) {
            throw new ImageFormatException(Qcow2.FORMAT, l1EntryOffset,
                    "L2 table offset 0x" + Long.toHexString(l2Offset) + " is not cluster-aligned");
        }
        if (l2Offset > fileSize - clusterSize) {
            throw new ImageFormatException(Qcow2.FORMAT, l1EntryOffset, "L2 table at 0x" + Long.toHexString(l2Offset)
                    + " lies past the end of the file (" + fileSize + " bytes)");
        }
        String overlapped = metadataAt(l2Offset, clusterSize);
        if (overlapped != null) {
            throw new ImageFormatException(Qcow2.FORMAT, l1EntryOffset, "L2 table at 0x" + Long.toHexString(l2Offset)
                    + " overlaps the " + overlapped);
        }
        return tables.get(l2Offset);
    }

    /**
     * Refuses an active L1 table in which two entries name the same L2 table: their guest ranges would alias, which
     * only corruption produces. Run once when the image is opened.
     */
    static void checkL2TablesDistinct(long[] l1, long l1TableOffset) throws ImageFormatException {
        long[] offsets = new long[l1.length];
        for (int i = 0; i < l1.length; i++) {
            offsets[i] = l1[i] & Qcow2.OFFSET_MASK;
        }
        java.util.Arrays.sort(offsets);
        for (int i = 1; i < offsets.length; i++) {
            if (offsets[i] != 0 && offsets[i] == offsets[i - 1]) {
                long shared = offsets[i];
                int first = -1;
                for (int entry = 0; entry < l1.length; entry++) {
                    if ((l1[entry] & Qcow2.OFFSET_MASK) == shared) {
                        if (first >= 0) {
                            throw new ImageFormatException(Qcow2.FORMAT, l1TableOffset + (long) entry * Long.BYTES,
                                    "L2 table at 0x" + Long.toHexString(shared) + " is used by L1 entries " + first
                                            + " and " + entry);
                        }
                        first = entry;
                    }
                }
            }
        }
    }

    /** The metadata structure (other than L2 tables) that {@code [offset, offset + length)} overlaps, or null. */
    private String metadataAt(long offset, long length) {
        if (offset < clusterSize) {
            return "header cluster";
        }
        if (overlaps(offset, length, l1TableOffset, l1TableBytes)) {
            return "L1 table";
        }
        if (refcountTableOffset != 0 && overlaps(offset, length, refcountTableOffset, refcountTableBytes)) {
            return "refcount table";
        }
        return null;
    }

    private static boolean overlaps(long start, long length, long otherStart, long otherLength) {
        return start < otherStart + otherLength && otherStart < start + length;
    }

    private ClusterRun compressed(long entry, long position, long clusterEnd, long entryOffset)
            throws ImageFormatException {
        long dataOffset = entry & compressedOffsetMask;
        if (dataOffset >>> 56 != 0) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset, "compressed cluster offset 0x"
                    + Long.toHexString(dataOffset) + " is beyond the 56-bit limit");
        }
        long sectors = ((entry >>> compressedSizeShift) & compressedSizeMask) + 1;
        long length = sectors * Qcow2.SECTOR - (dataOffset % Qcow2.SECTOR);
        if (dataOffset >= fileSize) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset, "compressed cluster data at 0x"
                    + Long.toHexString(dataOffset) + " lies past the end of the file (" + fileSize + " bytes)");
        }
        // The last sector may be partly past the end of the file: only the bytes that exist are read.
        length = Math.min(length, fileSize - dataOffset);
        String overlapped = metadataAt(dataOffset, length);
        if (overlapped != null) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset, "compressed cluster data at 0x"
                    + Long.toHexString(dataOffset) + " overlaps the " + overlapped);
        }
        return new ClusterRun(Kind.COMPRESSED, position, clusterEnd - position, dataOffset, (int) length,
                entryOffset);
    }

    private ClusterRun subclusters(long host, long bitmap, long position, long clusterStart, long l2Offset,
            long entryOffset) throws ImageFormatException {
        int allocated = (int) bitmap;
        int zero = (int) (bitmap >>> 32);
        if ((allocated & zero) != 0) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset + Long.BYTES,
                    "subclusters marked both allocated and zero (bitmap 0x" + Long.toHexString(bitmap) + ")");
        }
        if (host == 0 && allocated != 0) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset,
                    "subclusters marked allocated in a cluster without a host offset");
        }
        if (allocated != 0) {
            checkDataCluster(host, l2Offset, entryOffset);
        }
        int first = (int) ((position - clusterStart) >>> subclusterBits);
        int status = subclusterStatus(allocated, zero, first);
        int last = first;
        while (last + 1 < Qcow2.SUBCLUSTERS_PER_CLUSTER && subclusterStatus(allocated, zero, last + 1) == status) {
            last++;
        }
        long unitEnd = clusterStart + ((long) (last + 1) << subclusterBits);
        return switch (status) {
            case 1 -> new ClusterRun(Kind.DATA, position, unitEnd - position, host + (position - clusterStart), 0,
                    entryOffset);
            case 2 -> new ClusterRun(Kind.ZERO, position, unitEnd - position, 0, 0, entryOffset);
            default -> new ClusterRun(Kind.UNALLOCATED, position, unitEnd - position, 0, 0, entryOffset);
        };
    }

    /** 1 allocated, 2 reads as zeros, 0 unallocated. */
    private static int subclusterStatus(int allocated, int zero, int subcluster) {
        if ((allocated >>> subcluster & 1) != 0) {
            return 1;
        }
        return (zero >>> subcluster & 1) != 0 ? 2 : 0;
    }

    private void checkDataCluster(long host, long l2Offset, long entryOffset) throws ImageFormatException {
        if (host % clusterSize != 0) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset,
                    "data cluster offset 0x" + Long.toHexString(host) + " is not cluster-aligned");
        }
        if (host >= fileSize) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset, "data cluster at 0x" + Long.toHexString(host)
                    + " lies past the end of the file (" + fileSize + " bytes)");
        }
        if (host == l2Offset) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset, "data cluster at 0x" + Long.toHexString(host)
                    + " is its own L2 table");
        }
        String overlapped = metadataAt(host, clusterSize);
        if (overlapped != null) {
            throw new ImageFormatException(Qcow2.FORMAT, entryOffset, "data cluster at 0x" + Long.toHexString(host)
                    + " overlaps the " + overlapped);
        }
    }
}
