package dev.ferry.disk.vhd;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;

import dev.ferry.disk.write.CommitOrder;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.OutputFile;

/**
 * Writes a fixed VHD: the disk's bytes at their own offsets, then the footer. Ranges never committed stay holes in
 * the file; the footer, written by {@link #finish()}, is what makes the file a VHD.
 */
public final class FixedVhdWriter implements DiskImageWriter {

    static final byte KIND = 1;

    private final OutputFile file;
    private final long requestedSize;
    private final long size;
    private final UUID uniqueId;
    private final int timestamp;
    private final CommitOrder order;

    private FixedVhdWriter(OutputFile file, long requestedSize, UUID uniqueId, int timestamp, long committedEnd) {
        this.file = file;
        this.requestedSize = requestedSize;
        this.size = VhdWriterFactory.diskSize(requestedSize);
        this.uniqueId = uniqueId;
        this.timestamp = timestamp;
        this.order = new CommitOrder(VhdWriterFactory.ALIGNMENT, requestedSize, committedEnd);
    }

    static FixedVhdWriter create(Path path, long requestedSize) throws IOException {
        return create(path, requestedSize, UUID.randomUUID(), VhdFooter.timestampNow());
    }

    /** Creates a writer with a given identity, so that tests can compare two runs byte for byte. */
    static FixedVhdWriter create(Path path, long requestedSize, UUID uniqueId, int timestamp) throws IOException {
        VhdWriterFactory.diskSize(requestedSize);
        return new FixedVhdWriter(OutputFile.createNew(path), requestedSize, uniqueId, timestamp, 0);
    }

    static FixedVhdWriter resume(Path path, DataInputStream state) throws IOException {
        long requestedSize = state.readLong();
        UUID uniqueId = new UUID(state.readLong(), state.readLong());
        int timestamp = state.readInt();
        long committedEnd = state.readLong();
        long fileLength = state.readLong();
        return new FixedVhdWriter(OutputFile.reopen(path, fileLength), requestedSize, uniqueId, timestamp,
                committedEnd);
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
        file.write(chunk.offset(), ((ByteBuffer) chunk.payload()).duplicate());
    }

    @Override
    public byte[] checkpoint() throws IOException {
        file.force();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream state = VhdWriterFactory.stateHeader(bytes, KIND);
        state.writeLong(requestedSize);
        state.writeLong(uniqueId.getMostSignificantBits());
        state.writeLong(uniqueId.getLeastSignificantBits());
        state.writeInt(timestamp);
        state.writeLong(order.committedEnd());
        state.writeLong(file.size());
        state.flush();
        return bytes.toByteArray();
    }

    @Override
    public void finish(boolean durable) throws IOException {
        VhdFooter footer = VhdFooter.forNewDisk(VhdDiskType.FIXED, size, VhdFooter.NO_DATA_OFFSET, uniqueId,
                timestamp);
        file.write(size, footer.toBytes());
        file.close(durable);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
