package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.ferry.disk.write.OutputFile;

/**
 * Writes a streamOptimized VMDK, the subformat VMware's OVF/OVA import takes: header (grain directory "at end"),
 * embedded descriptor, then deflated grains in guest order, each grain table (with its marker) after its grains, and
 * at the end the grain directory, a footer and the end-of-stream marker. Grain tables without grains are left out, as
 * VMware does. The file only ever grows forward, so it can be streamed.
 */
final class StreamOptimizedWriter extends GrainWriter {

    private final int compressionLevel;
    private final GrainCompressor compressor;
    private final int[] directory;

    private StreamOptimizedWriter(Path file, AppendingFile out, SparseExtentHeader header, long virtualSize,
            int compressionLevel) {
        super(file, out, header, virtualSize);
        this.compressionLevel = compressionLevel;
        this.compressor = new GrainCompressor(compressionLevel, header.grainBytes());
        this.directory = new int[(int) header.directoryEntries()];
    }

    /** Creates {@code file} with its header and descriptor. */
    static StreamOptimizedWriter create(Path file, VmdkWriteSettings settings) throws IOException {
        byte[] descriptor = settings.descriptor(file.getFileName().toString()).render()
                .getBytes(StandardCharsets.UTF_8);
        long descriptorSectors = (descriptor.length + SECTOR_SIZE - 1) / SECTOR_SIZE;
        long overhead = (1 + descriptorSectors + GRAIN_SECTORS - 1) / GRAIN_SECTORS * GRAIN_SECTORS;
        SparseExtentHeader header = new SparseExtentHeader(3,
                VmdkFormat.FLAG_NEWLINE_CHECK | VmdkFormat.FLAG_COMPRESSED_GRAINS | VmdkFormat.FLAG_MARKERS,
                settings.capacitySectors(), GRAIN_SECTORS, 1, descriptorSectors, TABLE_ENTRIES, 0,
                VmdkFormat.DIRECTORY_AT_END, overhead, false, VmdkFormat.COMPRESSION_DEFLATE);
        AppendingFile out = new AppendingFile(OutputFile.createNew(file), overhead * SECTOR_SIZE);
        StreamOptimizedWriter writer = new StreamOptimizedWriter(file, out, header, settings.virtualSize(),
                settings.compressionLevel());
        try {
            out.writeAt(0, header.encode());
            out.writeAt(SECTOR_SIZE, ByteBuffer.wrap(descriptor));
            return writer;
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Reopens {@code file} at a checkpoint, discarding whatever was written after it. */
    static StreamOptimizedWriter resume(Path file, WriterCheckpoint checkpoint) throws IOException {
        AppendingFile out = reopen(file, checkpoint);
        try {
            SparseExtentHeader header = headerOf(file, out, checkpoint);
            if (header.directoryOffset() != VmdkFormat.DIRECTORY_AT_END || !header.compressed()
                    || checkpoint.directory().length != header.directoryEntries()) {
                throw new IllegalArgumentException(file + " is not the streamOptimized VMDK this checkpoint belongs to");
            }
            out.truncate(checkpoint.fileLength());
            StreamOptimizedWriter writer = new StreamOptimizedWriter(file, out, header, checkpoint.virtualSize(),
                    checkpoint.compressionLevel());
            writer.restore(checkpoint);
            System.arraycopy(checkpoint.directory(), 0, writer.directory, 0, writer.directory.length);
            return writer;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @Override
    ByteBuffer store(Grain grain) {
        return compressor.record(grain.number() * header.grainSize(), grain.data());
    }

    @Override
    void storeTable(int index, int[] entries) throws IOException {
        out.append(marker(TABLE_BYTES / SECTOR_SIZE, VmdkFormat.MARKER_GRAIN_TABLE));
        directory[index] = sectorOf(out.length());
        out.append(tableBytes(entries));
    }

    @Override
    void storeTrailer() throws IOException {
        int directorySectors = (directory.length * Integer.BYTES + SECTOR_SIZE - 1) / SECTOR_SIZE;
        out.append(marker(directorySectors, VmdkFormat.MARKER_GRAIN_DIRECTORY));
        long directorySector = sectorOf(out.length());
        ByteBuffer directoryBytes = ByteBuffer.allocate(directorySectors * SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        directoryBytes.asIntBuffer().put(directory);
        out.append(directoryBytes);
        out.append(marker(1, VmdkFormat.MARKER_FOOTER));
        out.append(header.withDirectoryOffset(directorySector).encode());
        out.append(marker(0, VmdkFormat.MARKER_END_OF_STREAM));
    }

    @Override
    WriterCheckpoint checkpoint(long committedEnd, int currentTable, int[] tableEntries) {
        return new WriterCheckpoint(WriterCheckpoint.STREAM_OPTIMIZED, virtualSize, compressionLevel, out.length(),
                committedEnd, currentTable, tableEntries, directory.clone());
    }

    private static ByteBuffer marker(long sectors, int type) {
        ByteBuffer marker = ByteBuffer.allocate(SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        marker.putLong(sectors).putInt(0).putInt(type);
        return marker.clear();
    }

    @Override
    public void close() throws IOException {
        compressor.close();
        super.close();
    }
}
