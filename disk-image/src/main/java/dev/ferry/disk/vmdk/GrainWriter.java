package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.OutputFile;

/**
 * What Ferry's VMDK writers share: {@link #encode} turns a chunk's non-zero grains into what the file stores for them
 * (in the caller's thread), {@link #commit} appends those in guest order, and a grain table is stored once commits
 * have moved past it. So a checkpoint is the file length plus the entries of the one table being filled. Subclasses
 * decide how a grain is stored and where grain tables and directories go.
 */
abstract class GrainWriter implements DiskImageWriter {

    static final int GRAIN_SECTORS = VmdkWriteSettings.GRAIN_SIZE / SECTOR_SIZE;
    static final int TABLE_ENTRIES = 512;
    static final int TABLE_BYTES = TABLE_ENTRIES * Integer.BYTES;
    /** Grain and table offsets are 32-bit sector numbers, so the file cannot grow beyond 2 TiB. */
    private static final long MAX_FILE_SECTORS = 0xffffffffL;

    final Path file;
    final AppendingFile out;
    final SparseExtentHeader header;
    final long virtualSize;
    private final int[] tableEntries = new int[TABLE_ENTRIES];
    private int currentTable = -1;
    private long committedEnd;
    private boolean finished;

    GrainWriter(Path file, AppendingFile out, SparseExtentHeader header, long virtualSize) {
        this.file = file;
        this.out = out;
        this.header = header;
        this.virtualSize = virtualSize;
    }

    /** What the file stores for {@code grain}; called from any thread. */
    abstract ByteBuffer store(Grain grain);

    /** Stores grain table {@code index}, whose grains have all been appended. */
    abstract void storeTable(int index, int[] entries) throws IOException;

    /** Writes whatever follows the last grain table. */
    abstract void storeTrailer() throws IOException;

    /** This writer's checkpoint, given the shared part of the state. */
    abstract WriterCheckpoint checkpoint(long committedEnd, int currentTable, int[] tableEntries);

    /** Opens a partly written file for a resumed writer, reading its header. */
    static AppendingFile reopen(Path file, WriterCheckpoint checkpoint) throws IOException {
        AppendingFile out = new AppendingFile(OutputFile.openExisting(file), checkpoint.fileLength());
        try {
            if (out.size() < checkpoint.fileLength()) {
                throw new IllegalArgumentException(file + " is shorter (" + out.size() + " bytes) than at its"
                        + " checkpoint (" + checkpoint.fileLength() + " bytes)");
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** The header of a reopened file, checked against the checkpoint it is resumed from. */
    static SparseExtentHeader headerOf(Path file, AppendingFile out, WriterCheckpoint checkpoint) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(SparseExtentHeader.SIZE);
        out.readAt(0, bytes);
        SparseExtentHeader header = SparseExtentHeader.parse(bytes.flip(), 0);
        if (header.capacity() != (checkpoint.virtualSize() + SECTOR_SIZE - 1) / SECTOR_SIZE
                || header.grainSize() != GRAIN_SECTORS || header.tableEntries() != TABLE_ENTRIES
                || checkpoint.currentTable() >= header.directoryEntries()) {
            throw new IllegalArgumentException(file + " is not the VMDK this checkpoint belongs to");
        }
        return header;
    }

    /** Continues from a checkpoint; the file must already be cut back to the checkpoint's length. */
    void restore(WriterCheckpoint checkpoint) {
        committedEnd = checkpoint.committedEnd();
        currentTable = checkpoint.currentTable();
        System.arraycopy(checkpoint.tableEntries(), 0, tableEntries, 0, TABLE_ENTRIES);
    }

    int currentTable() {
        return currentTable;
    }

    @Override
    public int alignment() {
        return header.grainBytes();
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) {
        List<Grain> grains = Grain.nonZero(offset, data, header.grainBytes(), virtualSize);
        long[] numbers = new long[grains.size()];
        ByteBuffer[] records = new ByteBuffer[grains.size()];
        for (int index = 0; index < numbers.length; index++) {
            numbers[index] = grains.get(index).number();
            records[index] = store(grains.get(index));
        }
        return new EncodedChunk(offset, data.remaining(), new EncodedGrains(numbers, records));
    }

    @Override
    public void commit(EncodedChunk chunk) throws IOException {
        requireOpen();
        if (chunk.offset() < committedEnd) {
            throw new IllegalStateException("chunk at " + chunk.offset() + " overlaps or precedes data committed up to "
                    + committedEnd);
        }
        if (!(chunk.payload() instanceof EncodedGrains grains)) {
            throw new IllegalArgumentException("chunk was not encoded by this writer");
        }
        for (int index = 0; index < grains.grains().length; index++) {
            long grain = grains.grains()[index];
            int table = (int) (grain / TABLE_ENTRIES);
            if (table != currentTable) {
                storeCurrentTable();
                currentTable = table;
            }
            tableEntries[(int) (grain % TABLE_ENTRIES)] = sectorOf(out.length());
            out.append(grains.records()[index]);
        }
        out.flush();
        committedEnd = chunk.offset() + chunk.length();
    }

    private void storeCurrentTable() throws IOException {
        if (currentTable >= 0) {
            // Grains go out before the table that points at them.
            out.flush();
            storeTable(currentTable, tableEntries);
            Arrays.fill(tableEntries, 0);
            currentTable = -1;
        }
    }

    @Override
    public byte[] checkpoint() throws IOException {
        requireOpen();
        out.force();
        return checkpoint(committedEnd, currentTable, tableEntries.clone()).encode();
    }

    @Override
    public void finish(boolean durable) throws IOException {
        requireOpen();
        storeCurrentTable();
        storeTrailer();
        out.close(durable);
        finished = true;
        close(); // what subclasses hold besides the file
    }

    /** The sector number of a file offset, as grain tables and directories store it. */
    int sectorOf(long position) throws IOException {
        long sector = position / SECTOR_SIZE;
        if (sector > MAX_FILE_SECTORS) {
            throw new IOException(file + ": a VMDK sparse extent cannot grow beyond 2 TiB (32-bit sector offsets)");
        }
        return (int) sector;
    }

    static ByteBuffer tableBytes(int[] entries) {
        ByteBuffer bytes = ByteBuffer.allocate(entries.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(entries);
        return bytes;
    }

    private void requireOpen() {
        if (finished || !out.isOpen()) {
            throw new IllegalStateException(file + " is already finished or closed");
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
