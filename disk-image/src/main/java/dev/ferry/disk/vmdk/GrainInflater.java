package dev.ferry.disk.vmdk;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.ferry.disk.ImageFormatException;

/**
 * Inflates compressed grains (zlib streams) with pooled {@link Inflater}s, from any number of threads, into a buffer
 * no larger than a grain: a stream that would produce more is refused as a decompression bomb.
 *
 * <p>
 * The zlib header and Adler-32 trailer are checked here and only the deflate data goes through {@link Inflater}:
 * the JDK computes Adler-32 with a vectorised intrinsic several times faster than the C library's, which otherwise
 * takes a third of the CPU of inflating a disk.
 */
final class GrainInflater implements AutoCloseable {

    private static final int MAX_IDLE = 64;
    private static final int ZLIB_HEADER_SIZE = 2;
    private static final int ADLER32_SIZE = 4;
    private static final int DEFLATE_METHOD = 8;
    private static final int PRESET_DICTIONARY_FLAG = 0x20;

    private final Queue<Inflater> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * Inflates {@code compressed} into {@code output} (whose remaining space is the most the grain may hold) and
     * returns the number of bytes produced.
     *
     * @param fileOffset where the grain lies in the file, for messages
     */
    int inflate(ByteBuffer compressed, ByteBuffer output, long fileOffset) throws ImageFormatException {
        ByteBuffer deflated = afterHeader(compressed, fileOffset);
        Inflater inflater = idle.poll();
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        int start = output.position();
        int produced;
        try {
            produced = inflateWith(inflater, deflated, output, fileOffset);
        } catch (DataFormatException e) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain is not a valid zlib stream: " + e.getMessage());
        } finally {
            release(inflater);
        }
        requireChecksum(deflated, output.duplicate().position(start).limit(start + produced), fileOffset);
        return produced;
    }

    /** The deflate data after the zlib header, which must announce deflate without a preset dictionary. */
    private static ByteBuffer afterHeader(ByteBuffer compressed, long fileOffset) throws ImageFormatException {
        if (compressed.remaining() < ZLIB_HEADER_SIZE + ADLER32_SIZE) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain ends before its zlib stream does");
        }
        int method = compressed.get(compressed.position()) & 0xff;
        int flags = compressed.get(compressed.position() + 1) & 0xff;
        if ((method & 0x0f) != DEFLATE_METHOD || method >> 4 > 7 || (method << 8 | flags) % 31 != 0) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain is not a valid zlib stream: incorrect header");
        }
        if ((flags & PRESET_DICTIONARY_FLAG) != 0) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain asks for a preset dictionary");
        }
        return compressed.slice(compressed.position() + ZLIB_HEADER_SIZE, compressed.remaining() - ZLIB_HEADER_SIZE);
    }

    /** Compares the Adler-32 after the deflate data (which {@code deflated} is now positioned at) with the output's. */
    private static void requireChecksum(ByteBuffer deflated, ByteBuffer inflated, long fileOffset)
            throws ImageFormatException {
        if (deflated.remaining() < ADLER32_SIZE) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain ends before its zlib stream does");
        }
        long stored = Integer.toUnsignedLong(deflated.getInt(deflated.position()));
        Adler32 adler = new Adler32();
        adler.update(inflated);
        if (adler.getValue() != stored) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain is not a valid zlib stream: its Adler-32 is "
                    + Long.toHexString(adler.getValue()) + " where the stream says " + Long.toHexString(stored));
        }
    }

    private static int inflateWith(Inflater inflater, ByteBuffer compressed, ByteBuffer output, long fileOffset)
            throws DataFormatException, ImageFormatException {
        inflater.setInput(compressed);
        int start = output.position();
        while (!inflater.finished()) {
            long consumedBefore = inflater.getBytesRead();
            int produced = inflater.inflate(output);
            if (produced > 0 || inflater.finished()) {
                continue;
            }
            if (inflater.needsInput()) {
                throw VmdkFormat.corrupt(fileOffset, "compressed grain ends before its zlib stream does");
            }
            if (!output.hasRemaining()) {
                // The output is full: the stream may still end (last block marker only), or it would grow beyond a
                // grain.
                if (inflater.inflate(ByteBuffer.allocate(1)) > 0) {
                    throw VmdkFormat.corrupt(fileOffset, "compressed grain inflates to more than "
                            + (output.position() - start) + " bytes, the size of a grain");
                }
                if (!inflater.finished()) {
                    throw VmdkFormat.corrupt(fileOffset, inflater.needsInput()
                            ? "compressed grain ends before its zlib stream does"
                            : "compressed grain's zlib stream does not end after a grain of data");
                }
            } else if (inflater.getBytesRead() == consumedBefore) {
                throw VmdkFormat.corrupt(fileOffset, "compressed grain's zlib stream makes no progress");
            }
        }
        return output.position() - start;
    }

    private void release(Inflater inflater) {
        inflater.reset();
        if (closed || idle.size() >= MAX_IDLE) {
            inflater.end();
        } else {
            idle.add(inflater);
        }
    }

    @Override
    public void close() {
        closed = true;
        Inflater inflater;
        while ((inflater = idle.poll()) != null) {
            inflater.end();
        }
    }
}
