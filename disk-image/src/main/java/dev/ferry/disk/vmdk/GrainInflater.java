package dev.ferry.disk.vmdk;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.ferry.disk.ImageFormatException;

/**
 * Inflates compressed grains (zlib streams) with pooled {@link Inflater}s, from any number of threads, into a buffer
 * no larger than a grain: a stream that would produce more is refused as a decompression bomb.
 */
final class GrainInflater implements AutoCloseable {

    private static final int MAX_IDLE = 64;

    private final Queue<Inflater> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * Inflates {@code compressed} into {@code output} (whose remaining space is the most the grain may hold) and
     * returns the number of bytes produced.
     *
     * @param fileOffset where the grain lies in the file, for messages
     */
    int inflate(ByteBuffer compressed, ByteBuffer output, long fileOffset) throws ImageFormatException {
        Inflater inflater = idle.poll();
        if (inflater == null) {
            inflater = new Inflater();
        }
        try {
            return inflateWith(inflater, compressed, output, fileOffset);
        } catch (DataFormatException e) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain is not a valid zlib stream: " + e.getMessage());
        } finally {
            release(inflater);
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
            if (inflater.needsDictionary()) {
                throw VmdkFormat.corrupt(fileOffset, "compressed grain asks for a preset dictionary");
            }
            if (inflater.needsInput()) {
                throw VmdkFormat.corrupt(fileOffset, "compressed grain ends before its zlib stream does");
            }
            if (!output.hasRemaining()) {
                // The output is full: the stream may still end (trailer only), or it would grow beyond a grain.
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
