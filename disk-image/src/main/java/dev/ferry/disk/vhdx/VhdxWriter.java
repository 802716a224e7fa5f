package dev.ferry.disk.vhdx;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import dev.ferry.disk.write.CommitOrder;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.OutputFile;

/**
 * Writes a VHDX in one pass, so its log stays empty. Dynamic: payload blocks are allocated in ascending order on the
 * first commit into them, one after another from the payload offset, and the BAT is written page by page as
 * allocation moves past each page. Fixed: every block is present, laid out contiguously, and the file is grown to
 * its full length without writing (a sparse file). The file identifier and headers are written by {@link #finish()}:
 * until then the file is not a VHDX.
 */
public final class VhdxWriter implements DiskImageWriter {

    static final int ALIGNMENT = 4096;
    private static final byte STATE_VERSION = 1;
    private static final int PAGE_ENTRIES = 8192;

    private final OutputFile file;
    private final VhdxLayout layout;
    private final VhdxMetadata metadata;
    private final long requestedSize;
    private final UUID fileWriteGuid;
    private final UUID dataWriteGuid;
    private final CommitOrder order;
    private final long[] page = new long[PAGE_ENTRIES];
    private long pageIndex = -1;
    private long nextBlockOffset;

    private VhdxWriter(OutputFile file, VhdxMetadata metadata, long requestedSize, UUID fileWriteGuid,
            UUID dataWriteGuid, long committedEnd) {
        this.file = file;
        this.metadata = metadata;
        this.layout = new VhdxLayout(metadata);
        this.requestedSize = requestedSize;
        this.fileWriteGuid = fileWriteGuid;
        this.dataWriteGuid = dataWriteGuid;
        this.order = new CommitOrder(ALIGNMENT, requestedSize, committedEnd);
        this.nextBlockOffset = layout.payloadOffset();
    }

    /** The parameters of a new disk; the GUIDs are given so that tests can compare two runs byte for byte. */
    record Parameters(long requestedSize, boolean fixed, int blockSize, int logicalSectorSize, int physicalSectorSize,
            UUID virtualDiskId, UUID fileWriteGuid, UUID dataWriteGuid) {

        VhdxMetadata metadata() {
            long size = (requestedSize + logicalSectorSize - 1) / logicalSectorSize * logicalSectorSize;
            return new VhdxMetadata(blockSize, fixed, false, size, virtualDiskId, logicalSectorSize,
                    physicalSectorSize, null);
        }
    }

    static VhdxWriter create(Path path, Parameters parameters) throws IOException {
        OutputFile file = OutputFile.createNew(path);
        VhdxWriter writer = new VhdxWriter(file, parameters.metadata(), parameters.requestedSize(),
                parameters.fileWriteGuid(), parameters.dataWriteGuid(), 0);
        try {
            writer.writeStaticMetadata();
            return writer;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void writeStaticMetadata() throws IOException {
        file.write(VhdxRegionTable.FIRST_OFFSET, layout.regionTable());
        file.write(VhdxRegionTable.SECOND_OFFSET, layout.regionTable());
        file.write(VhdxLayout.METADATA_OFFSET, metadata.toRegionBytes());
        if (metadata.leaveBlocksAllocated()) {
            writeFixedTable();
            file.extendTo(layout.payloadOffset() + metadata.payloadBlocks() * metadata.blockSize());
        }
    }

    /** A fixed disk's BAT: block b at payload offset + b x block size; sector bitmap entries stay not present. */
    private void writeFixedTable() throws IOException {
        long entries = metadata.batEntries();
        long chunkRatio = metadata.chunkRatio();
        for (long first = 0; first < entries; first += PAGE_ENTRIES) {
            int count = (int) Math.min(PAGE_ENTRIES, entries - first);
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                long index = first + i;
                if (index % (chunkRatio + 1) != chunkRatio) {
                    long block = index - index / (chunkRatio + 1);
                    values[i] = VhdxLayout.presentEntry(layout.payloadOffset() + block * metadata.blockSize());
                }
            }
            file.write(VhdxLayout.BAT_OFFSET + first * Long.BYTES, VhdxLayout.entries(values, count));
        }
    }

    @Override
    public int alignment() {
        return ALIGNMENT;
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) {
        return order.unencoded(offset, data);
    }

    @Override
    public void commit(EncodedChunk chunk) throws IOException {
        order.accept(chunk.offset(), chunk.length());
        ByteBuffer data = ((ByteBuffer) chunk.payload()).duplicate();
        if (metadata.leaveBlocksAllocated()) {
            file.write(layout.payloadOffset() + chunk.offset(), data);
            return;
        }
        long blockSize = metadata.blockSize();
        long firstBlock = chunk.offset() / blockSize;
        long lastBlock = (chunk.offset() + chunk.length() - 1) / blockSize;
        long firstOffset = blockOffset(firstBlock);
        for (long block = firstBlock + 1; block <= lastBlock; block++) {
            // Blocks are allocated in ascending order one after another, so a chunk's blocks are contiguous.
            if (blockOffset(block) != firstOffset + (block - firstBlock) * blockSize) {
                throw new IllegalStateException("block " + block + " is not allocated after block " + firstBlock);
            }
        }
        file.write(firstOffset + chunk.offset() - firstBlock * blockSize, data);
    }

    /** The file offset of a payload block, allocating it at the end of the payload area on first use. */
    private long blockOffset(long block) throws IOException {
        long index = layout.batIndex(block);
        moveToPage(index / PAGE_ENTRIES);
        int slot = (int) (index % PAGE_ENTRIES);
        if (page[slot] == 0) {
            page[slot] = VhdxLayout.presentEntry(nextBlockOffset);
            nextBlockOffset += metadata.blockSize();
        }
        return VhdxBlockTable.offset(page[slot]);
    }

    private void moveToPage(long index) throws IOException {
        if (index != pageIndex) {
            writePage();
            Arrays.fill(page, 0);
            pageIndex = index;
        }
    }

    private void writePage() throws IOException {
        if (pageIndex >= 0) {
            file.write(VhdxLayout.BAT_OFFSET + pageIndex * PAGE_ENTRIES * Long.BYTES,
                    VhdxLayout.entries(page, PAGE_ENTRIES));
        }
    }

    @Override
    public byte[] checkpoint() throws IOException {
        writePage();
        file.force();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream state = new DataOutputStream(bytes);
        state.writeByte(STATE_VERSION);
        state.writeLong(requestedSize);
        state.writeBoolean(metadata.leaveBlocksAllocated());
        state.writeInt(metadata.blockSize());
        state.writeInt(metadata.logicalSectorSize());
        state.writeInt(metadata.physicalSectorSize());
        writeGuid(state, metadata.virtualDiskId());
        writeGuid(state, fileWriteGuid);
        writeGuid(state, dataWriteGuid);
        state.writeLong(order.committedEnd());
        state.writeLong(nextBlockOffset);
        state.writeLong(pageIndex);
        state.writeLong(file.size());
        state.flush();
        return bytes.toByteArray();
    }

    static VhdxWriter resume(Path path, byte[] bytes) throws IOException {
        DataInputStream state = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        byte version = state.readByte();
        if (version != STATE_VERSION) {
            throw new IOException("VHDX writer checkpoint has version " + version + ", expected " + STATE_VERSION);
        }
        long requestedSize = state.readLong();
        boolean fixed = state.readBoolean();
        int blockSize = state.readInt();
        int logical = state.readInt();
        int physical = state.readInt();
        UUID diskId = readGuid(state);
        Parameters parameters = new Parameters(requestedSize, fixed, blockSize, logical, physical, diskId,
                readGuid(state), readGuid(state));
        long committedEnd = state.readLong();
        long nextBlockOffset = state.readLong();
        long pageIndex = state.readLong();
        long fileLength = state.readLong();
        OutputFile file = OutputFile.reopen(path, fileLength);
        VhdxWriter writer = new VhdxWriter(file, parameters.metadata(), requestedSize, parameters.fileWriteGuid(),
                parameters.dataWriteGuid(), committedEnd);
        try {
            writer.restore(committedEnd, nextBlockOffset, pageIndex, fileLength);
            return writer;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Undoes what a lost run wrote after the checkpoint where truncating the file does not reach it. */
    private void restore(long committedEnd, long checkpointedNextBlock, long checkpointedPage, long fileLength)
            throws IOException {
        if (metadata.leaveBlocksAllocated()) {
            file.truncate(layout.payloadOffset() + committedEnd);
            file.extendTo(fileLength);
            return;
        }
        nextBlockOffset = checkpointedNextBlock;
        long staleFrom = VhdxLayout.BAT_OFFSET;
        if (checkpointedPage >= 0) {
            ByteBuffer bytes = ByteBuffer.allocate(PAGE_ENTRIES * Long.BYTES);
            file.read(VhdxLayout.BAT_OFFSET + checkpointedPage * PAGE_ENTRIES * Long.BYTES, bytes);
            bytes.flip().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(page);
            for (int i = 0; i < PAGE_ENTRIES; i++) {
                if (page[i] != 0 && VhdxBlockTable.offset(page[i]) >= checkpointedNextBlock) {
                    page[i] = 0;
                }
            }
            pageIndex = checkpointedPage;
            staleFrom += (checkpointedPage + 1) * PAGE_ENTRIES * Long.BYTES;
        }
        clearTable(staleFrom, Math.min(layout.payloadOffset(), fileLength));
    }

    /** Zeros BAT pages in {@code [from, to)} that a lost run wrote; pages that are still holes are left alone. */
    private void clearTable(long from, long to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(PAGE_ENTRIES * Long.BYTES);
        for (long at = from; at < to; at += bytes.capacity()) {
            bytes.clear().limit((int) Math.min(bytes.capacity(), to - at));
            file.read(at, bytes);
            bytes.flip();
            if (bytes.mismatch(ByteBuffer.allocate(bytes.limit())) >= 0) {
                file.write(at, ByteBuffer.allocate(bytes.limit()));
            }
        }
    }

    @Override
    public void finish(boolean durable) throws IOException {
        if (!metadata.leaveBlocksAllocated()) {
            writePage();
            file.extendTo(nextBlockOffset);
        }
        file.write(0, layout.fileIdentifier());
        file.write(VhdxHeader.FIRST_OFFSET, layout.header(1, fileWriteGuid, dataWriteGuid));
        file.write(VhdxHeader.SECOND_OFFSET, layout.header(2, fileWriteGuid, dataWriteGuid));
        file.close(durable);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private static void writeGuid(DataOutputStream state, UUID guid) throws IOException {
        state.writeLong(guid.getMostSignificantBits());
        state.writeLong(guid.getLeastSignificantBits());
    }

    private static UUID readGuid(DataInputStream state) throws IOException {
        return new UUID(state.readLong(), state.readLong());
    }
}
