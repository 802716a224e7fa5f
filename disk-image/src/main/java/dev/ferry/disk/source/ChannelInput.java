package dev.ferry.disk.source;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** Exact-length reads from a blocking channel, for one thread at a time; the end of stream is an error. */
final class ChannelInput {

    private final ReadableByteChannel channel;
    private final String peer;
    private final ByteBuffer small = ByteBuffer.allocate(64);
    private final ByteBuffer discard = ByteBuffer.allocate(64 * 1024);

    ChannelInput(ReadableByteChannel channel, String peer) {
        this.channel = channel;
        this.peer = peer;
    }

    void readFully(ByteBuffer destination) throws IOException {
        while (destination.hasRemaining()) {
            if (channel.read(destination) < 0) {
                throw new EOFException(peer + ": server closed the connection");
            }
        }
    }

    /** Reads {@code count} (at most 64) bytes into a shared buffer, returned ready to get from. */
    ByteBuffer read(int count) throws IOException {
        small.clear().limit(count);
        readFully(small);
        return small.flip();
    }

    int readInt() throws IOException {
        return read(Integer.BYTES).getInt();
    }

    long readLong() throws IOException {
        return read(Long.BYTES).getLong();
    }

    byte[] readBytes(int count) throws IOException {
        byte[] bytes = new byte[count];
        readFully(ByteBuffer.wrap(bytes));
        return bytes;
    }

    void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            discard.clear().limit((int) Math.min(discard.capacity(), left));
            readFully(discard);
            left -= discard.limit();
        }
    }
}
