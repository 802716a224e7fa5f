package dev.ferry.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.OutputFile;

/**
 * Writes a qcow2 version 3 (compat 1.1) image in one pass: the header cluster and the L1 table first, then data
 * clusters in the order chunks are committed, each L2 table just before the first cluster it maps, and the refcount
 * table and blocks at the end. Every cluster is counted exactly once (compressed clusters once per compressed cluster
 * touching them), so {@code qemu-img check} finds neither leaks nor errors.
 *
 * <p>
 * Memory holds the L1 table and one L2 table. Clusters of zeros are never written: they stay unallocated.
 */
public final class Qcow2Writer implements DiskImageWriter {

    private final OutputFile file;
    private final long virtualSize;
    private final int clusterBits;
    private final int clusterSize;
    private final int l2Bits;
    private final long l1Offset;
    private final int l1Clusters;
    private final long[] l1;
    private final long[] l2;
    private final ByteBuffer tableBytes;
    private final ByteBuffer zeroCluster;
    private final ClusterCompressor compressor;
    private long cursor;
    private long committedEnd;
    private int currentL1Index = -1;
    private boolean finished;

    private Qcow2Writer(OutputFile file, long virtualSize, int clusterBits, int compressionLevel) {
        this.file = file;
        this.virtualSize = virtualSize;
        this.clusterBits = clusterBits;
        this.clusterSize = 1 << clusterBits;
        this.l2Bits = clusterBits - 3;
        long l2Coverage = (long) clusterSize << l2Bits;
        long l1Size = virtualSize / l2Coverage + (virtualSize % l2Coverage == 0 ? 0 : 1);
        if (l1Size > Qcow2.MAX_L1_ENTRIES) {
            throw new IllegalArgumentException("a disk of " + virtualSize + " bytes needs clusters larger than "
                    + clusterSize + " bytes (its L1 table would exceed qemu's limit)");
        }
        this.l1 = new long[(int) l1Size];
        this.l1Clusters = (int) ((l1Size * Long.BYTES + clusterSize - 1) / clusterSize);
        this.l1Offset = l1Size == 0 ? 0 : clusterSize;
        this.l2 = new long[clusterSize / Long.BYTES];
        this.tableBytes = ByteBuffer.allocate(clusterSize);
        this.zeroCluster = ByteBuffer.allocate(clusterSize).asReadOnlyBuffer();
        this.compressor = compressionLevel == 0 ? null : new ClusterCompressor(compressionLevel, clusterSize);
        this.cursor = (long) clusterSize * (1 + l1Clusters);
    }

    /**
     * Creates {@code path} for a disk of {@code virtualSize} bytes.
     *
     * @param compressionLevel deflate level 1-9 for compressed clusters, or 0 for none
     */
    static Qcow2Writer create(Path path, long virtualSize, int clusterBits, int compressionLevel) throws IOException {
        OutputFile file = OutputFile.createNew(path);
        try {
            return new Qcow2Writer(file, virtualSize, clusterBits, compressionLevel);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Reopens a file whose writer returned {@code state} at its last checkpoint and forgets what came after. */
    static Qcow2Writer resume(Path path, WriterState state) throws IOException {
        OutputFile file = OutputFile.openExisting(path);
        try {
            file.truncate(state.cursor());
            Qcow2Writer writer = new Qcow2Writer(file, state.virtualSize(), state.clusterBits(),
                    state.compressionLevel());
            writer.restore(state);
            return writer;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void restore(WriterState state) throws IOException {
        if (state.cursor() < cursor || state.currentL1Index() >= l1.length) {
            throw new IllegalArgumentException("checkpoint " + state + " does not fit a disk of " + virtualSize
                    + " bytes");
        }
        cursor = state.cursor();
        committedEnd = state.committedEnd();
        currentL1Index = state.currentL1Index();
        if (l1.length > 0) {
            ByteBuffer bytes = ByteBuffer.allocate(l1.length * Long.BYTES);
            file.readOrZeros(l1Offset, bytes);
            bytes.flip().asLongBuffer().get(l1);
        }
        // A crash after the checkpoint may have left later tables and entries on disk; they are forgotten.
        Arrays.fill(l1, currentL1Index + 1, l1.length, 0);
        if (currentL1Index >= 0) {
            long tableOffset = l1[currentL1Index] & Qcow2.OFFSET_MASK;
            if (tableOffset == 0 || tableOffset + clusterSize > cursor) {
                throw new IOException(file.path() + " does not hold the L2 table its checkpoint refers to");
            }
            file.readOrZeros(tableOffset, tableBytes.clear());
            tableBytes.flip().asLongBuffer().get(l2);
            long firstUncommitted = (committedEnd + clusterSize - 1) >> clusterBits;
            long tableFirstCluster = (long) currentL1Index << l2Bits;
            int keep = (int) Math.max(0, Math.min(l2.length, firstUncommitted - tableFirstCluster));
            Arrays.fill(l2, keep, l2.length, 0);
        }
    }

    @Override
    public int alignment() {
        return clusterSize;
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) throws IOException {
        int length = data.remaining();
        checkChunk(offset, length);
        ByteBuffer chunk = data.slice();
        int clusters = (length + clusterSize - 1) >> clusterBits;
        boolean[] zero = new boolean[clusters];
        byte[][] compressed = compressor == null ? null : new byte[clusters][];
        ClusterCompressor.Session session = compressor == null ? null : compressor.open();
        try {
            for (int i = 0; i < clusters; i++) {
                int from = i << clusterBits;
                ByteBuffer cluster = chunk.slice(from, Math.min(clusterSize, length - from));
                zero[i] = cluster.mismatch(zeroCluster.slice(0, cluster.remaining())) < 0;
                if (!zero[i] && session != null) {
                    compressed[i] = session.compress(padToCluster(cluster));
                }
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        return new EncodedChunk(offset, length, new EncodedClusters(chunk, zero, compressed));
    }

    private ByteBuffer padToCluster(ByteBuffer cluster) {
        if (cluster.remaining() == clusterSize) {
            return cluster;
        }
        // The last cluster of an odd-sized disk: compressed clusters always inflate to a whole cluster.
        return ByteBuffer.allocate(clusterSize).put(cluster.duplicate()).clear();
    }

    private void checkChunk(long offset, int length) {
        if (offset < 0 || offset % clusterSize != 0 || length <= 0 || length > virtualSize - offset
                || (length % clusterSize != 0 && offset + length != virtualSize)) {
            throw new IllegalArgumentException("chunk of " + length + " bytes at " + offset
                    + " is not whole clusters of " + clusterSize + " bytes inside a disk of " + virtualSize);
        }
    }

    @Override
    public void commit(EncodedChunk chunk) throws IOException {
        if (finished) {
            throw new IllegalStateException("writer for " + file.path() + " is already finished");
        }
        checkChunk(chunk.offset(), chunk.length());
        if (chunk.offset() < committedEnd || !(chunk.payload() instanceof EncodedClusters clusters)) {
            throw new IllegalArgumentException("chunk at " + chunk.offset() + " was not encoded by this writer or "
                    + "does not follow the previous chunk ending at " + committedEnd);
        }
        long firstCluster = chunk.offset() >> clusterBits;
        int count = clusters.zero().length;
        int i = 0;
        while (i < count) {
            if (clusters.zero()[i]) {
                i++;
                continue;
            }
            long guestCluster = firstCluster + i;
            useTableFor(guestCluster);
            if (clusters.isCompressed(i)) {
                writeCompressed(guestCluster, clusters.compressed()[i]);
                i++;
                continue;
            }
            int runEnd = i + 1;
            while (runEnd < count && !clusters.zero()[runEnd] && !clusters.isCompressed(runEnd)
                    && (firstCluster + runEnd) >>> l2Bits == guestCluster >>> l2Bits) {
                runEnd++;
            }
            int from = i << clusterBits;
            int to = (int) Math.min(chunk.length(), (long) runEnd << clusterBits);
            writeStored(guestCluster, clusters.data().slice(from, to - from), runEnd - i);
            i = runEnd;
        }
        committedEnd = chunk.offset() + chunk.length();
    }

    /** Makes the L2 table that maps {@code guestCluster} current, allocating it at the cursor if it is new. */
    private void useTableFor(long guestCluster) throws IOException {
        int l1Index = (int) (guestCluster >>> l2Bits);
        if (l1Index == currentL1Index) {
            return;
        }
        if (currentL1Index >= 0) {
            writeCurrentTable();
        }
        cursor = alignToCluster(cursor);
        l1[l1Index] = cursor | Qcow2.FLAG_COPIED;
        Arrays.fill(l2, 0);
        currentL1Index = l1Index;
        cursor += clusterSize;
    }

    private void writeStored(long guestCluster, ByteBuffer data, int clusters) throws IOException {
        cursor = alignToCluster(cursor);
        long host = cursor;
        file.write(host, data.duplicate());
        int index = (int) (guestCluster & (l2.length - 1));
        for (int k = 0; k < clusters; k++) {
            l2[index + k] = (host + ((long) k << clusterBits)) | Qcow2.FLAG_COPIED;
        }
        cursor += (long) clusters << clusterBits;
    }

    private void writeCompressed(long guestCluster, byte[] data) throws IOException {
        long host = cursor;
        if (host > Qcow2.compressedOffsetMask(clusterBits)) {
            throw new IOException(file.path() + ": compressed data beyond offset " + host
                    + " cannot be described with " + clusterSize + "-byte clusters");
        }
        long additionalSectors = (host + data.length - 1) / Qcow2.SECTOR - host / Qcow2.SECTOR;
        file.write(host, ByteBuffer.wrap(data));
        l2[(int) (guestCluster & (l2.length - 1))] = Qcow2.FLAG_COMPRESSED
                | additionalSectors << Qcow2.compressedSizeShift(clusterBits) | host;
        cursor += data.length;
    }

    private void writeCurrentTable() throws IOException {
        tableBytes.clear().asLongBuffer().put(l2);
        file.write(l1[currentL1Index] & Qcow2.OFFSET_MASK, tableBytes);
    }

    private void writeL1() throws IOException {
        if (l1.length > 0) {
            ByteBuffer bytes = ByteBuffer.allocate(l1.length * Long.BYTES);
            bytes.asLongBuffer().put(l1);
            file.write(l1Offset, bytes);
        }
    }

    @Override
    public byte[] checkpoint() throws IOException {
        if (currentL1Index >= 0) {
            writeCurrentTable();
        }
        writeL1();
        file.force();
        return new WriterState(virtualSize, clusterBits, compressor == null ? 0 : compressor.level(), cursor,
                committedEnd, currentL1Index).toBytes();
    }

    @Override
    public void finish(boolean durable) throws IOException {
        if (finished) {
            return;
        }
        if (currentL1Index >= 0) {
            writeCurrentTable();
        }
        writeL1();
        RefcountLayout layout = RefcountLayout.after(alignToCluster(cursor) >> clusterBits, clusterBits);
        countReferences(layout);
        // qemu counts disks in whole 512-byte sectors and would cut a partial last one off, so the header states
        // the size rounded up, as qemu-img convert does; the added bytes read as zeros.
        long sectorAlignedSize = (virtualSize + Qcow2.SECTOR - 1) & -(long) Qcow2.SECTOR;
        Qcow2Header header = Qcow2Header.forNewImage(clusterBits, sectorAlignedSize, l1.length, l1Offset,
                layout.tableOffset(), layout.tableClusters());
        file.write(0, header.toBytes());
        file.close(durable);
        finished = true;
    }

    /** Counts every cluster the image uses, in file order, and writes the refcount blocks and table. */
    private void countReferences(RefcountLayout layout) throws IOException {
        RefcountWriter refcounts = new RefcountWriter(file, layout, clusterSize);
        refcounts.reference(0, l1Clusters);
        long[] table = new long[l2.length];
        for (long l1Entry : l1) {
            long tableOffset = l1Entry & Qcow2.OFFSET_MASK;
            if (tableOffset == 0) {
                continue;
            }
            refcounts.reference(tableOffset >> clusterBits, tableOffset >> clusterBits);
            file.readOrZeros(tableOffset, tableBytes.clear());
            tableBytes.flip().asLongBuffer().get(table);
            for (long entry : table) {
                countDataReference(refcounts, entry);
            }
        }
        refcounts.reference(layout.tableOffset() >> clusterBits, layout.totalClusters(clusterBits) - 1);
        refcounts.finish();
    }

    private void countDataReference(RefcountWriter refcounts, long entry) throws IOException {
        if ((entry & Qcow2.FLAG_COMPRESSED) != 0) {
            long host = entry & Qcow2.compressedOffsetMask(clusterBits);
            long sectors = ((entry >>> Qcow2.compressedSizeShift(clusterBits)) & Qcow2.compressedSizeMask(clusterBits))
                    + 1;
            long end = host / Qcow2.SECTOR * Qcow2.SECTOR + sectors * Qcow2.SECTOR;
            refcounts.reference(host >> clusterBits, (end - 1) >> clusterBits);
        } else if (entry != 0) {
            long host = entry & Qcow2.OFFSET_MASK;
            refcounts.reference(host >> clusterBits, host >> clusterBits);
        }
    }

    private long alignToCluster(long offset) {
        return (offset + clusterSize - 1) & -(long) clusterSize;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            file.close();
        }
    }

    /** What {@link #encode} hands to {@link #commit}: the guest bytes, which clusters are zero, and deflated ones. */
    private record EncodedClusters(ByteBuffer data, boolean[] zero, byte[][] compressed) {

        boolean isCompressed(int cluster) {
            return compressed != null && compressed[cluster] != null;
        }
    }
}
