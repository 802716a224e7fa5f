package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.GRAIN_MARKER_SIZE;
import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private final Queue<Workspace> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * A deflater with the buffers it writes into, pooled together: each record is then allocated once, at its final
     * size, instead of at zlib's bound and copied (garbage that made the heap, and so the resident memory, grow).
     */
    private record Workspace(Deflater deflater, byte[] output, byte[] sample) {
    }

    GrainCompressor(int level, int grainBytes) {
        this.level = level;
        this.recordCapacity = roundUpToSector(GRAIN_MARKER_SIZE + VmdkFormat.compressBound(grainBytes));
    }

    /** The record for the grain at guest sector {@code lba}; {@code grain} holds the whole grain. */
    ByteBuffer record(long lba, ByteBuffer grain) {
        Workspace workspace = idle.poll();
        if (workspace == null) {
            workspace = new Workspace(new Deflater(level), new byte[recordCapacity], new byte[SAMPLE_BYTES]);
        }
        try {
            Deflater deflater = workspace.deflater();
            byte[] output = workspace.output();
            deflater.setLevel(level != Deflater.NO_COMPRESSION && shrinks(workspace, grain)
                    ? level
                    : Deflater.NO_COMPRESSION);
            deflater.setInput(grain);
            deflater.finish();
            int end = GRAIN_MARKER_SIZE;
            while (!deflater.finished()) {
                if (end == output.length) {
                    throw new IllegalStateException("deflate exceeded zlib's bound for a grain");
                }
                end += deflater.deflate(output, end, output.length - end);
            }
            // A new array is zero beyond the data: the padding to a sector.
            byte[] record = new byte[roundUpToSector(end)];
            System.arraycopy(output, 0, record, 0, end);
            ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putLong(lba).putInt(end - GRAIN_MARKER_SIZE);
            return ByteBuffer.wrap(record);
        } finally {
            release(workspace);
        }
    }

    /**
     * Whether the start of {@code grain} deflates at the writer's level to noticeably less than its size; leaves the
     * workspace's deflater reset.
     */
    private boolean shrinks(Workspace workspace, ByteBuffer grain) {
        Deflater deflater = workspace.deflater();
        int sample = Math.min(SAMPLE_BYTES, grain.remaining());
        deflater.setLevel(level);
        deflater.setInput(grain.slice(grain.position(), sample));
        deflater.finish();
        int limit = sample - SAMPLE_MIN_SAVING;
        int produced = 0;
        while (!deflater.finished() && produced < limit) {
            produced += deflater.deflate(workspace.sample(), produced, limit - produced);
        }
        boolean shrinks = deflater.finished() && produced < limit;
        deflater.reset();
        return shrinks;
    }

    private void release(Workspace workspace) {
        workspace.deflater().reset();
        if (closed || idle.size() >= MAX_IDLE) {
            workspace.deflater().end();
        } else {
            idle.add(workspace);
        }
    }

    private static int roundUpToSector(int bytes) {
        return (bytes + SECTOR_SIZE - 1) / SECTOR_SIZE * SECTOR_SIZE;
    }

    @Override
    public void close() {
        closed = true;
        Workspace workspace;
        while ((workspace = idle.poll()) != null) {
            workspace.deflater().end();
        }
    }
}
