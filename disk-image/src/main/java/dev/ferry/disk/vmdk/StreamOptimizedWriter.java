package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;

/**
 * Writes a streamOptimized VMDK, the subformat VMware's OVF/OVA import takes: header (grain directory "at end"),
 * embedded descriptor, then deflated grains in guest order, each grain table after its grains, and at the end the
 * grain directory, a footer and the end-of-stream marker. Empty grain tables are left out, as VMware does.
 *
 * <p>
 * {@link #encode} compresses in the caller's thread; {@link #commit} only appends, so the file grows strictly forward
 * and a checkpoint is the file length plus the grain table entries not yet written.
 */
final class StreamOptimizedWriter implements DiskImageWriter {

    private static final int GRAIN_SECTORS = VmdkWriteSettings.GRAIN_SIZE / SECTOR_SIZE;
    private static final int TABLE_ENTRIES = 512;
    private static final int TABLE_BYTES = TABLE_ENTRIES * Integer.BYTES;
    /** Grain offsets are 32-bit sector numbers, so the file cannot grow beyond 2 TiB. */
    private static final long MAX_FILE_SECTORS = 0xffffffffL;

    private final Path file;
    private final FileChannel channel;
    private final SparseExtentHeader header;
    private final long virtualSize;
    private final int compressionLevel;
    private final int grainBytes;
    private final GrainCompressor compressor;
    private final int[] directory;
    private final int[] tableEntries = new int[TABLE_ENTRIES];
    private final List<ByteBuffer> pending = new ArrayList<>();
    private long pendingStart;
    private long fileLength;
    private long committedEnd;
    private int currentTable = -1;
    private boolean finished;

    private StreamOptimizedWriter(Path file, FileChannel channel, SparseExtentHeader header, long virtualSize,
            int compressionLevel) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.virtualSize = virtualSize;
        this.compressionLevel = compressionLevel;
        this.grainBytes = header.grainBytes();
        this.compressor = new GrainCompressor(compressionLevel, grainBytes);
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
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        StreamOptimizedWriter writer = new StreamOptimizedWriter(file, channel, header, settings.virtualSize(),
                settings.compressionLevel());
        try {
            writer.writeAt(0, header.encode());
            writer.writeAt(SECTOR_SIZE, ByteBuffer.wrap(descriptor));
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        writer.fileLength = overhead * SECTOR_SIZE;
        return writer;
    }

    /** Reopens {@code file} at the state of a checkpoint, discarding whatever was written after it. */
    static StreamOptimizedWriter resume(Path file, byte[] state) throws IOException {
        long virtualSize = StreamCheckpoint.virtualSizeOf(state);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer headerBytes = ByteBuffer.allocate(SparseExtentHeader.SIZE);
            while (headerBytes.hasRemaining() && channel.read(headerBytes, headerBytes.position()) >= 0) {
                // keep reading
            }
            SparseExtentHeader header = SparseExtentHeader.parse(headerBytes.flip(), 0);
            if (header.directoryOffset() != VmdkFormat.DIRECTORY_AT_END || !header.compressed()
                    || header.capacity() != (virtualSize + SECTOR_SIZE - 1) / SECTOR_SIZE) {
                throw new IllegalArgumentException(file + " is not the streamOptimized VMDK this checkpoint belongs to");
            }
            StreamCheckpoint checkpoint = StreamCheckpoint.decode(state, TABLE_ENTRIES,
                    (int) header.directoryEntries());
            if (channel.size() < checkpoint.fileLength()) {
                throw new IllegalArgumentException(file + " is shorter (" + channel.size()
                        + " bytes) than at its checkpoint (" + checkpoint.fileLength() + " bytes)");
            }
            channel.truncate(checkpoint.fileLength());
            StreamOptimizedWriter writer = new StreamOptimizedWriter(file, channel, header, virtualSize,
                    checkpoint.compressionLevel());
            writer.fileLength = checkpoint.fileLength();
            writer.committedEnd = checkpoint.committedEnd();
            writer.currentTable = checkpoint.currentTable();
            System.arraycopy(checkpoint.tableEntries(), 0, writer.tableEntries, 0, TABLE_ENTRIES);
            System.arraycopy(checkpoint.directory(), 0, writer.directory, 0, writer.directory.length);
            return writer;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public int alignment() {
        return grainBytes;
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) {
        int length = data.remaining();
        if (offset < 0 || offset % grainBytes != 0 || length <= 0 || length > virtualSize - offset
                || (length % grainBytes != 0 && offset + length != virtualSize)) {
            throw new IllegalArgumentException("chunk of " + length + " bytes at " + offset + " is not whole "
                    + grainBytes + "-byte grains within a disk of " + virtualSize + " bytes");
        }
        int grainCount = (length + grainBytes - 1) / grainBytes;
        long[] grains = new long[grainCount];
        byte[][] records = new byte[grainCount][];
        int kept = 0;
        for (int index = 0; index < grainCount; index++) {
            int from = data.position() + index * grainBytes;
            int size = Math.min(grainBytes, length - index * grainBytes);
            if (Zeros.isZero(data, from, size)) {
                continue;
            }
            ByteBuffer grain = data.slice(from, size);
            if (size < grainBytes) {
                // The last grain of a disk that is not a multiple of the grain size is stored whole, zero-padded.
                grain = ByteBuffer.allocate(grainBytes).put(grain).clear();
            }
            long grainNumber = offset / grainBytes + index;
            grains[kept] = grainNumber;
            records[kept] = compressor.record(grainNumber * header.grainSize(), grain);
            kept++;
        }
        return new EncodedChunk(offset, length, new CompressedGrains(Arrays.copyOf(grains, kept),
                Arrays.copyOf(records, kept)));
    }

    @Override
    public void commit(EncodedChunk chunk) throws IOException {
        requireOpen();
        if (chunk.offset() < committedEnd) {
            throw new IllegalStateException("chunk at " + chunk.offset() + " overlaps or precedes data committed up to "
                    + committedEnd);
        }
        if (!(chunk.payload() instanceof CompressedGrains grains)) {
            throw new IllegalArgumentException("chunk was not encoded by this writer");
        }
        for (int index = 0; index < grains.grains().length; index++) {
            long grain = grains.grains()[index];
            int table = (int) (grain / TABLE_ENTRIES);
            if (table != currentTable) {
                writeTable();
                currentTable = table;
            }
            byte[] record = grains.records()[index];
            tableEntries[(int) (grain % TABLE_ENTRIES)] = sectorOf(fileLength);
            append(ByteBuffer.wrap(record));
        }
        flushPending();
        committedEnd = chunk.offset() + chunk.length();
    }

    @Override
    public byte[] checkpoint() throws IOException {
        requireOpen();
        flushPending();
        channel.force(true);
        return new StreamCheckpoint(virtualSize, compressionLevel, fileLength, committedEnd, currentTable,
                tableEntries.clone(), directory.clone()).encode();
    }

    @Override
    public void finish() throws IOException {
        requireOpen();
        writeTable();
        int directorySectors = (directory.length * Integer.BYTES + SECTOR_SIZE - 1) / SECTOR_SIZE;
        append(marker(directorySectors, VmdkFormat.MARKER_GRAIN_DIRECTORY));
        long directorySector = sectorOf(fileLength);
        ByteBuffer directoryBytes = ByteBuffer.allocate(directorySectors * SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        directoryBytes.asIntBuffer().put(directory);
        append(directoryBytes);
        append(marker(1, VmdkFormat.MARKER_FOOTER));
        append(header.withDirectoryOffset(directorySector).encode());
        append(marker(0, VmdkFormat.MARKER_END_OF_STREAM));
        flushPending();
        channel.force(true);
        finished = true;
        close();
    }

    /** Appends the current grain table, with its marker, and records it in the directory. */
    private void writeTable() throws IOException {
        if (currentTable < 0) {
            return;
        }
        append(marker(TABLE_BYTES / SECTOR_SIZE, VmdkFormat.MARKER_GRAIN_TABLE));
        directory[currentTable] = sectorOf(fileLength);
        ByteBuffer table = ByteBuffer.allocate(TABLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        table.asIntBuffer().put(tableEntries);
        append(table);
        Arrays.fill(tableEntries, 0);
        currentTable = -1;
    }

    private static ByteBuffer marker(long sectors, int type) {
        ByteBuffer marker = ByteBuffer.allocate(SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        marker.putLong(sectors).putInt(0).putInt(type);
        return marker.clear();
    }

    private int sectorOf(long position) throws IOException {
        long sector = position / SECTOR_SIZE;
        if (sector > MAX_FILE_SECTORS) {
            throw new IOException(file + ": a streamOptimized VMDK cannot grow beyond 2 TiB (32-bit grain offsets)");
        }
        return (int) sector;
    }

    /** Queues {@code bytes} at the end of the file; consecutive appends go out as one gathering write. */
    private void append(ByteBuffer bytes) {
        if (pending.isEmpty()) {
            pendingStart = fileLength;
        }
        pending.add(bytes);
        fileLength += bytes.remaining();
    }

    private void flushPending() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = pending.toArray(ByteBuffer[]::new);
        channel.position(pendingStart);
        long left = fileLength - pendingStart;
        while (left > 0) {
            left -= channel.write(buffers);
        }
        pending.clear();
    }

    private void writeAt(long position, ByteBuffer bytes) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    private void requireOpen() {
        if (finished || !channel.isOpen()) {
            throw new IllegalStateException(file + " is already finished or closed");
        }
    }

    @Override
    public void close() throws IOException {
        compressor.close();
        channel.close();
    }
}
