package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.ferry.disk.ZeroBytes;
import dev.ferry.disk.write.OutputFile;

/**
 * Writes a monolithicSparse VMDK (VMware Workstation's default, and qemu's): header, a 20-sector descriptor, redundant
 * and primary grain directories each followed by room for every grain table, then uncompressed grains in guest order.
 * Grain tables are written in place (both copies) once commits have moved past them; tables without grains stay
 * holes, which read as unallocated.
 */
final class MonolithicSparseWriter extends GrainWriter {

    /** VMware and qemu reserve 20 sectors so a descriptor can grow in place. */
    private static final int DESCRIPTOR_SECTORS = 20;
    private static final int TABLE_SECTORS = TABLE_BYTES / SECTOR_SIZE;
    /** Tables checked per read when a resumed writer clears tables a lost run may have stored. */
    private static final int SCRUB_TABLES = 256;

    private MonolithicSparseWriter(Path file, AppendingFile out, SparseExtentHeader header, long virtualSize) {
        super(file, out, header, virtualSize);
    }

    static MonolithicSparseWriter create(Path file, VmdkWriteSettings settings) throws IOException {
        byte[] descriptor = settings.descriptor(file.getFileName().toString()).render()
                .getBytes(StandardCharsets.UTF_8);
        if (descriptor.length > DESCRIPTOR_SECTORS * SECTOR_SIZE) {
            throw new IllegalArgumentException("descriptor of " + descriptor.length + " bytes does not fit "
                    + DESCRIPTOR_SECTORS + " sectors");
        }
        long capacity = settings.capacitySectors();
        long tables = (capacity + (long) TABLE_ENTRIES * GRAIN_SECTORS - 1) / ((long) TABLE_ENTRIES * GRAIN_SECTORS);
        long directorySectors = (tables * Integer.BYTES + SECTOR_SIZE - 1) / SECTOR_SIZE;
        long redundantDirectory = 1 + DESCRIPTOR_SECTORS;
        long directory = redundantDirectory + directorySectors + tables * TABLE_SECTORS;
        long metadataEnd = directory + directorySectors + tables * TABLE_SECTORS;
        long overhead = (metadataEnd + GRAIN_SECTORS - 1) / GRAIN_SECTORS * GRAIN_SECTORS;
        SparseExtentHeader header = new SparseExtentHeader(1,
                VmdkFormat.FLAG_NEWLINE_CHECK | VmdkFormat.FLAG_REDUNDANT_DIRECTORY, capacity, GRAIN_SECTORS, 1,
                DESCRIPTOR_SECTORS, TABLE_ENTRIES, redundantDirectory, directory, overhead, false,
                VmdkFormat.COMPRESSION_NONE);
        AppendingFile out = new AppendingFile(OutputFile.createNew(file), overhead * SECTOR_SIZE);
        MonolithicSparseWriter writer = new MonolithicSparseWriter(file, out, header, settings.virtualSize());
        try {
            out.writeAt(0, header.encode());
            out.writeAt(SECTOR_SIZE, ByteBuffer.wrap(descriptor));
            out.writeAt(redundantDirectory * SECTOR_SIZE, writer.directoryBytes(redundantDirectory));
            out.writeAt(directory * SECTOR_SIZE, writer.directoryBytes(directory));
            // Readers (qemu among them) expect the file to reach the first grain even when no grain follows.
            out.writeAt(overhead * SECTOR_SIZE - 1, ByteBuffer.allocate(1));
            return writer;
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Reopens {@code file} at a checkpoint, discarding grains and grain tables stored after it. */
    static MonolithicSparseWriter resume(Path file, WriterCheckpoint checkpoint) throws IOException {
        AppendingFile out = reopen(file, checkpoint);
        try {
            SparseExtentHeader header = headerOf(file, out, checkpoint);
            if (header.directoryOffset() == VmdkFormat.DIRECTORY_AT_END || header.compressed()
                    || checkpoint.fileLength() < header.overhead() * SECTOR_SIZE) {
                throw new IllegalArgumentException(file + " is not the monolithicSparse VMDK this checkpoint belongs"
                        + " to");
            }
            out.truncate(checkpoint.fileLength());
            MonolithicSparseWriter writer = new MonolithicSparseWriter(file, out, header, checkpoint.virtualSize());
            writer.restore(checkpoint);
            writer.clearTablesAfter(checkpoint.currentTable());
            return writer;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A grain directory whose copy starts at {@code directorySector}, its tables right after it. */
    private ByteBuffer directoryBytes(long directorySector) throws IOException {
        int tables = (int) header.directoryEntries();
        long directorySectors = ((long) tables * Integer.BYTES + SECTOR_SIZE - 1) / SECTOR_SIZE;
        int[] entries = new int[tables];
        for (int index = 0; index < tables; index++) {
            entries[index] = sectorOf((directorySector + directorySectors + (long) index * TABLE_SECTORS)
                    * SECTOR_SIZE);
        }
        return tableBytes(entries);
    }

    private long tableSector(long directorySector, int index) {
        long directorySectors = (header.directoryEntries() * Integer.BYTES + SECTOR_SIZE - 1) / SECTOR_SIZE;
        return directorySector + directorySectors + (long) index * TABLE_SECTORS;
    }

    @Override
    ByteBuffer store(Grain grain) {
        return grain.data();
    }

    @Override
    void storeTable(int index, int[] entries) throws IOException {
        ByteBuffer table = tableBytes(entries);
        out.writeAt(tableSector(header.directoryOffset(), index) * SECTOR_SIZE, table.duplicate());
        out.writeAt(tableSector(header.redundantDirectoryOffset(), index) * SECTOR_SIZE, table);
    }

    /**
     * A run lost after the checkpoint may have stored tables beyond the current one, pointing at grains that are now
     * cut off: clear them, so that a resumed run that stores fewer tables leaves no dangling entries.
     */
    private void clearTablesAfter(int table) throws IOException {
        int tables = (int) header.directoryEntries();
        ByteBuffer empty = ByteBuffer.allocate(TABLE_BYTES);
        for (long directory : new long[] { header.directoryOffset(), header.redundantDirectoryOffset() }) {
            for (int first = table + 1; first < tables; first += SCRUB_TABLES) {
                int count = Math.min(SCRUB_TABLES, tables - first);
                ByteBuffer stored = ByteBuffer.allocate(count * TABLE_BYTES);
                out.readAt(tableSector(directory, first) * SECTOR_SIZE, stored);
                for (int index = 0; index < count; index++) {
                    if (!ZeroBytes.isZero(stored, index * TABLE_BYTES, (index + 1) * TABLE_BYTES)) {
                        out.writeAt(tableSector(directory, first + index) * SECTOR_SIZE, empty.clear());
                    }
                }
            }
        }
    }

    @Override
    void storeTrailer() {
        // The directories were written at creation and the header never changes.
    }

    @Override
    WriterCheckpoint checkpoint(long committedEnd, int currentTable, int[] tableEntries) {
        return new WriterCheckpoint(WriterCheckpoint.MONOLITHIC_SPARSE, virtualSize, 0, out.length(), committedEnd,
                currentTable, tableEntries, new int[0]);
    }
}
