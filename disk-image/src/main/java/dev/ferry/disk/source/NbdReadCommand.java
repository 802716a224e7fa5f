package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@code NBD_CMD_READ} in flight: data and hole chunks land directly in the caller's buffer, each checked to lie
 * inside the request and not to overlap an earlier one, and the reply counts as complete only when every byte was
 * covered.
 */
final class NbdReadCommand extends NbdCommand<Void> {

    /** Fragmented replies beyond this many separate pieces are treated as hostile (the map below would grow). */
    private static final int MAX_PIECES = 4096;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final ByteBuffer destination;
    /** Covered ranges relative to the request start, merged when adjacent: start to end. */
    private final TreeMap<Long, Long> covered = new TreeMap<>();

    NbdReadCommand(long offset, ByteBuffer destination, String peer) {
        super(NbdProtocol.CMD_READ, offset, destination.remaining(), peer);
        this.destination = destination.slice();
    }

    @Override
    String describe() {
        return "read of " + length + " bytes at offset " + offset;
    }

    @Override
    int maxChunkPayload() {
        return Math.max(8 + length, MAX_ERROR_CHUNK);
    }

    @Override
    void onSimpleReply(int error, ChannelInput in, boolean structuredReplies) throws IOException {
        if (structuredReplies) {
            throw protocolError("simple reply to a read after structured replies were negotiated");
        }
        if (error != 0) {
            recordError(error, "");
            return;
        }
        in.readFully(destination.duplicate());
        cover(0, length);
    }

    @Override
    void onContentChunk(int chunkType, int chunkLength, ChannelInput in) throws IOException {
        if (chunkType == NbdProtocol.REPLY_TYPE_OFFSET_DATA) {
            if (chunkLength < 9) {
                throw protocolError("data chunk of " + chunkLength + " bytes, at least 9 expected");
            }
            long at = in.readLong();
            int count = chunkLength - 8;
            checkInside(at, count, "data chunk");
            int relative = (int) (at - offset);
            cover(relative, count);
            in.readFully(destination.duplicate().position(relative).limit(relative + count));
        } else if (chunkType == NbdProtocol.REPLY_TYPE_OFFSET_HOLE) {
            if (chunkLength != 12) {
                throw protocolError("hole chunk of " + chunkLength + " bytes, 12 expected");
            }
            ByteBuffer hole = in.read(12);
            long at = hole.getLong();
            long count = Integer.toUnsignedLong(hole.getInt());
            checkInside(at, count, "hole chunk");
            int relative = (int) (at - offset);
            cover(relative, (int) count);
            fillZeros(destination.duplicate().position(relative).limit(relative + (int) count));
        } else {
            throw protocolError("unexpected reply chunk type " + chunkType + " to a " + describe());
        }
    }

    @Override
    Void value() throws IOException {
        long total = covered.entrySet().stream().mapToLong(range -> range.getValue() - range.getKey()).sum();
        if (total != length) {
            throw protocolError("server ended the reply to a " + describe() + " after covering only " + total
                    + " bytes");
        }
        return null;
    }

    private void cover(long start, long count) throws IOException {
        long end = start + count;
        Map.Entry<Long, Long> before = covered.floorEntry(start);
        Map.Entry<Long, Long> after = covered.ceilingEntry(start);
        if ((before != null && before.getValue() > start) || (after != null && after.getKey() < end)) {
            throw protocolError("reply chunks overlap at offset " + (offset + start) + " in the " + describe());
        }
        long mergedStart = start;
        long mergedEnd = end;
        if (before != null && before.getValue() == start) {
            mergedStart = before.getKey();
            covered.remove(before.getKey());
        }
        if (after != null && after.getKey() == end) {
            mergedEnd = after.getValue();
            covered.remove(after.getKey());
        }
        covered.put(mergedStart, mergedEnd);
        if (covered.size() > MAX_PIECES) {
            throw protocolError("reply to a " + describe() + " is fragmented into more than " + MAX_PIECES
                    + " pieces");
        }
    }

    private static void fillZeros(ByteBuffer target) {
        while (target.hasRemaining()) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit(Math.min(zeros.capacity(), target.remaining()));
            target.put(zeros);
        }
    }
}
