package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.Extent;

/**
 * An {@code NBD_CMD_BLOCK_STATUS} in flight for the {@code base:allocation} context: turns the server's descriptors
 * into extents, zero where the server says {@code NBD_STATE_ZERO}, and data otherwise (a hole without the zero flag
 * has undefined content, so it is read like data).
 */
final class NbdBlockStatusCommand extends NbdCommand<List<Extent>> {

    /** qemu sends at most 2^17 descriptors per reply; allow twice that before calling the server hostile. */
    static final int MAX_DESCRIPTORS = 1 << 18;

    private final int contextId;
    private List<Extent> extents;

    NbdBlockStatusCommand(long offset, int length, int contextId, String peer) {
        super(NbdProtocol.CMD_BLOCK_STATUS, offset, length, peer);
        this.contextId = contextId;
    }

    @Override
    String describe() {
        return "block status query of " + Integer.toUnsignedString(length) + " bytes at offset " + offset;
    }

    @Override
    int maxChunkPayload() {
        return Math.max(4 + 8 * MAX_DESCRIPTORS, MAX_ERROR_CHUNK);
    }

    @Override
    void onContentChunk(int chunkType, int chunkLength, ChannelInput in) throws IOException {
        if (chunkType != NbdProtocol.REPLY_TYPE_BLOCK_STATUS) {
            throw protocolError("unexpected reply chunk type " + chunkType + " to a " + describe());
        }
        if (chunkLength < 12 || (chunkLength - 4) % 8 != 0) {
            throw protocolError("block status chunk of " + chunkLength + " bytes is not 4 + a multiple of 8");
        }
        ByteBuffer payload = ByteBuffer.allocate(chunkLength);
        in.readFully(payload);
        payload.flip();
        int id = payload.getInt();
        if (id != contextId) {
            throw protocolError("block status for metadata context " + id + ", only " + contextId
                    + " was negotiated");
        }
        if (extents != null) {
            throw protocolError("two block status chunks for one context in the reply to a " + describe());
        }
        extents = toExtents(payload);
    }

    @Override
    List<Extent> value() throws IOException {
        if (extents == null) {
            throw protocolError("reply to a " + describe() + " has no block status");
        }
        return extents;
    }

    private List<Extent> toExtents(ByteBuffer descriptors) throws IOException {
        List<Extent> result = new ArrayList<>();
        long end = offset + Integer.toUnsignedLong(length);
        long position = offset;
        while (descriptors.hasRemaining() && position < end) {
            long count = Integer.toUnsignedLong(descriptors.getInt());
            int flags = descriptors.getInt();
            if (count == 0) {
                throw protocolError("block status descriptor of length 0 at offset " + position);
            }
            // Servers may describe a little past the request's end; only the part asked for counts.
            long clipped = Math.min(count, end - position);
            boolean zero = (flags & NbdProtocol.STATE_ZERO) != 0;
            Extent last = result.isEmpty() ? null : result.get(result.size() - 1);
            if (last != null && last.zero() == zero) {
                result.set(result.size() - 1, new Extent(last.offset(), last.length() + clipped, zero));
            } else {
                result.add(new Extent(position, clipped, zero));
            }
            position += clipped;
        }
        return result;
    }
}
