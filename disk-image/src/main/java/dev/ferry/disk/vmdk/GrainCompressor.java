package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.GRAIN_MARKER_SIZE;
import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.Deflater;

/**
 * Compresses grains into the records a streamOptimized extent stores (grain marker with guest sector and size, zlib
 * data, zero padding to a sector) with pooled {@link Deflater}s, from any number of threads.
 */
final class GrainCompressor implements AutoCloseable {

    private static final int MAX_IDLE = 64;
    /**
     * How much of a grain is test-compressed first. Random or already compressed data (encrypted volumes, media,
     * archives) does not shrink, yet deflating it costs as much as deflating anything else: most of the CPU of a
     * typical disk. A grain whose sample does not shrink is stored (deflate's stored blocks), which is as small.
     */
    private static final int SAMPLE_BYTES = 4096;
    /** A sample must shrink by at least this much (about 3%) for its grain to be deflated. */
    private static final int SAMPLE_MIN_SAVING = SAMPLE_BYTES / 32;

    private final int level;
    private final int recordCapacity;
    private final Queue<Deflater> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    GrainCompressor(int level, int grainBytes) {
        this.level = level;
        this.recordCapacity = roundUpToSector(GRAIN_MARKER_SIZE + VmdkFormat.compressBound(grainBytes));
    }

    /** The record for the grain at guest sector {@code lba}; {@code grain} holds the whole grain. */
    ByteBuffer record(long lba, ByteBuffer grain) {
        Deflater deflater = idle.poll();
        if (deflater == null) {
            deflater = new Deflater(level);
        }
        try {
            byte[] record = new byte[recordCapacity];
            deflater.setLevel(level != Deflater.NO_COMPRESSION && shrinks(deflater, grain)
                    ? level
                    : Deflater.NO_COMPRESSION);
            deflater.setInput(grain);
            deflater.finish();
            int end = GRAIN_MARKER_SIZE;
            while (!deflater.finished()) {
                if (end == record.length) {
                    throw new IllegalStateException("deflate exceeded zlib's bound for a grain");
                }
                end += deflater.deflate(record, end, record.length - end);
            }
            ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putLong(lba).putInt(end - GRAIN_MARKER_SIZE);
            return ByteBuffer.wrap(Arrays.copyOf(record, roundUpToSector(end)));
        } finally {
            release(deflater);
        }
    }

    /**
     * Whether the start of {@code grain} deflates at the writer's level to noticeably less than its size; leaves
     * {@code deflater} reset.
     */
    private boolean shrinks(Deflater deflater, ByteBuffer grain) {
        int sample = Math.min(SAMPLE_BYTES, grain.remaining());
        byte[] scratch = new byte[sample];
        deflater.setLevel(level);
        deflater.setInput(grain.slice(grain.position(), sample));
        deflater.finish();
        int limit = sample - SAMPLE_MIN_SAVING;
        int produced = 0;
        while (!deflater.finished() && produced < limit) {
            produced += deflater.deflate(scratch, produced, limit - produced);
        }
        boolean shrinks = deflater.finished() && produced < limit;
        deflater.reset();
        return shrinks;
    }

    private void release(Deflater deflater) {
        deflater.reset();
        if (closed || idle.size() >= MAX_IDLE) {
            deflater.end();
        } else {
            idle.add(deflater);
        }
    }

    private static int roundUpToSector(int bytes) {
        return (bytes + SECTOR_SIZE - 1) / SECTOR_SIZE * SECTOR_SIZE;
    }

    @Override
    public void close() {
        closed = true;
        Deflater deflater;
        while ((deflater = idle.poll()) != null) {
            deflater.end();
        }
    }
}
