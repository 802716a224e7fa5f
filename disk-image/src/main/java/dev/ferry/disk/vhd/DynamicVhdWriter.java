package dev.ferry.disk.vhd;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import dev.ferry.disk.write.CommitOrder;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.OutputFile;

/**
 * Writes a dynamic VHD the way Hyper-V lays one out: footer copy at 0, dynamic header at 512, BAT at 1,536, then
 * blocks (an all-ones sector bitmap followed by the block's data) allocated in ascending order on their first
 * commit, then the footer. Unwritten parts of an allocated block stay holes, so they read as zeros. The footers are
 * written by {@link #finish()}: until then the file is not a VHD.
 */
public final class DynamicVhdWriter implements DiskImageWriter {

    static final byte KIND = 2;
    private static final long HEADER_OFFSET = VhdFooter.SIZE;
    private static final long TABLE_OFFSET = HEADER_OFFSET + VhdDynamicHeader.SIZE;
    private static final int UNALLOCATED = -1;

    private final OutputFile file;
    private final long requestedSize;
    private final long size;
    private final VhdDynamicHeader header;
    private final int[] table;
    private final ByteBuffer fullBitmap;
    private final UUID uniqueId;
    private final int timestamp;
    private final CommitOrder order;
    private long nextBlockOffset;

    private DynamicVhdWriter(OutputFile file, long requestedSize, int blockSize, UUID uniqueId, int timestamp,
            long committedEnd) {
        this.file = file;
        this.requestedSize = requestedSize;
        this.size = VhdWriterFactory.diskSize(requestedSize);
        int blocks = (int) ((size + blockSize - 1) / blockSize);
        this.header = VhdDynamicHeader.forDynamicDisk(TABLE_OFFSET, blocks, blockSize);
        this.table = new int[blocks];
        Arrays.fill(table, UNALLOCATED);
        byte[] ones = new byte[header.bitmapSize()];
        Arrays.fill(ones, (byte) 0xFF);
        this.fullBitmap = ByteBuffer.wrap(ones).asReadOnlyBuffer();
        this.uniqueId = uniqueId;
        this.timestamp = timestamp;
        this.order = new CommitOrder(VhdWriterFactory.ALIGNMENT, requestedSize, committedEnd);
        this.nextBlockOffset = TABLE_OFFSET + tableBytes();
    }

    static DynamicVhdWriter create(Path path, long requestedSize, int blockSize) throws IOException {
        return create(path, requestedSize, blockSize, UUID.randomUUID(), VhdFooter.timestampNow());
    }

    /** Creates a writer with a given identity, so that tests can compare two runs byte for byte. */
    static DynamicVhdWriter create(Path path, long requestedSize, int blockSize, UUID uniqueId, int timestamp)
            throws IOException {
        VhdWriterFactory.diskSize(requestedSize);
        return new DynamicVhdWriter(OutputFile.createNew(path), requestedSize, blockSize, uniqueId, timestamp, 0);
    }

    static DynamicVhdWriter resume(Path path, DataInputStream state) throws IOException {
        long requestedSize = state.readLong();
        int blockSize = state.readInt();
        UUID uniqueId = new UUID(state.readLong(), state.readLong());
        int timestamp = state.readInt();
        long committedEnd = state.readLong();
        long nextBlockOffset = state.readLong();
        long fileLength = state.readLong();
        OutputFile file = OutputFile.reopen(path, fileLength);
        DynamicVhdWriter writer = new DynamicVhdWriter(file, requestedSize, blockSize, uniqueId, timestamp,
                committedEnd);
        writer.reloadTable(nextBlockOffset);
        return writer;
    }

    /** Reads back the BAT the checkpoint wrote, forgetting blocks a later, lost run allocated. */
    private void reloadTable(long checkpointedNextBlock) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(table.length * Integer.BYTES);
        file.read(TABLE_OFFSET, bytes);
        bytes.flip().asIntBuffer().get(table);
        for (int i = 0; i < table.length; i++) {
            if (table[i] != UNALLOCATED
                    && Integer.toUnsignedLong(table[i]) * DiskGeometry.SECTOR >= checkpointedNextBlock) {
                table[i] = UNALLOCATED;
            }
        }
        nextBlockOffset = checkpointedNextBlock;
    }

    @Override
    public int alignment() {
        return VhdWriterFactory.ALIGNMENT;
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) {
        return order.unencoded(offset, data);
    }

    @Override
    public void commit(EncodedChunk chunk) throws IOException {
        order.accept(chunk.offset(), chunk.length());
        ByteBuffer data = ((ByteBuffer) chunk.payload()).duplicate();
        long blockSize = header.blockSize();
        long position = chunk.offset();
        while (data.hasRemaining()) {
            int block = (int) (position / blockSize);
            long inBlock = position - block * blockSize;
            int length = (int) Math.min(data.remaining(), blockSize - inBlock);
            if (table[block] == UNALLOCATED) {
                allocate(block);
            }
            long dataStart = Integer.toUnsignedLong(table[block]) * DiskGeometry.SECTOR + header.bitmapSize();
            file.write(dataStart + inBlock, data.slice(data.position(), length));
            data.position(data.position() + length);
            position += length;
        }
    }

    private void allocate(int block) throws IOException {
        table[block] = (int) (nextBlockOffset / DiskGeometry.SECTOR);
        file.write(nextBlockOffset, fullBitmap.duplicate());
        nextBlockOffset += header.bitmapSize() + header.blockSize();
    }

    @Override
    public byte[] checkpoint() throws IOException {
        writeHeaderAndTable();
        file.force();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream state = VhdWriterFactory.stateHeader(bytes, KIND);
        state.writeLong(requestedSize);
        state.writeInt(header.blockSize());
        state.writeLong(uniqueId.getMostSignificantBits());
        state.writeLong(uniqueId.getLeastSignificantBits());
        state.writeInt(timestamp);
        state.writeLong(order.committedEnd());
        state.writeLong(nextBlockOffset);
        state.writeLong(file.size());
        state.flush();
        return bytes.toByteArray();
    }

    @Override
    public void finish(boolean durable) throws IOException {
        writeHeaderAndTable();
        ByteBuffer footer = VhdFooter.forNewDisk(VhdDiskType.DYNAMIC, size, HEADER_OFFSET, uniqueId, timestamp)
                .toBytes();
        file.write(0, footer.duplicate());
        file.write(nextBlockOffset, footer);
        file.close(durable);
    }

    private void writeHeaderAndTable() throws IOException {
        file.write(HEADER_OFFSET, header.toBytes());
        ByteBuffer bytes = ByteBuffer.allocate(tableBytes());
        Arrays.fill(bytes.array(), (byte) 0xFF); // the padding after the last entry reads as unallocated too
        bytes.asIntBuffer().put(table);
        file.write(TABLE_OFFSET, bytes);
    }

    /** The BAT padded to whole sectors. */
    private int tableBytes() {
        int bytes = table.length * Integer.BYTES;
        return (bytes + DiskGeometry.SECTOR - 1) / DiskGeometry.SECTOR * DiskGeometry.SECTOR;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
