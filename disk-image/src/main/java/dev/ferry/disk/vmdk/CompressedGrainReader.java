package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.GRAIN_MARKER_SIZE;
import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads the compressed grains of a streamOptimized extent. Consecutive grains that lie close together in the file
 * (as a stream writes them) are fetched with one positional read and inflated one by one, straight into the caller's
 * buffer where a whole grain fits. Stateless between calls, so any number of threads may read at once.
 *
 * <p>
 * Batches are read into pooled direct buffers: reading into a heap buffer would make the JDK copy every byte once
 * more through a temporary direct buffer of its own, which it then keeps per thread (megabytes of resident memory).
 */
final class CompressedGrainReader {

    /** One read fetches at most this many compressed bytes (plus one grain record). */
    private static final int MAX_BATCH_BYTES = 4 << 20;
    /** Grains further apart than a grain record and a grain table with its marker are not read together. */
    private static final int MAX_GAP = 8 * SECTOR_SIZE;
    private static final int BATCH_BUFFER_STEP = 1 << 20;
    /** Batch buffers kept for reuse: one per reading thread is enough, more are garbage collected. */
    private static final int MAX_IDLE_BATCH_BUFFERS = 8;

    private final ExtentFile file;
    private final GrainDirectory directory;
    private final GrainInflater inflater;
    private final int grainBytes;
    private final long grainSectors;
    /** The most a grain's record (marker and compressed data) can take. */
    private final int maxRecord;
    private final Queue<ByteBuffer> idleBatchBuffers = new ConcurrentLinkedQueue<>();

    CompressedGrainReader(ExtentFile file, GrainDirectory directory, GrainInflater inflater, int grainBytes) {
        this.file = file;
        this.directory = directory;
        this.inflater = inflater;
        this.grainBytes = grainBytes;
        this.grainSectors = grainBytes / SECTOR_SIZE;
        this.maxRecord = GRAIN_MARKER_SIZE + VmdkFormat.compressBound(grainBytes);
    }

    /**
     * Fills {@code destination} with guest bytes from {@code offset}, whose grain must be allocated, for as many
     * allocated grains as one batch covers; returns the number of bytes filled (at least one).
     */
    int read(long offset, ByteBuffer destination) throws IOException {
        long end = offset + destination.remaining();
        long firstGrain = offset / grainBytes;
        long lastGrain = (end - 1) / grainBytes;
        int maxGrains = (int) Math.min(lastGrain - firstGrain + 1, MAX_BATCH_BYTES / grainBytes + 1);
        long[] recordOffsets = new long[maxGrains];
        int count = collectBatch(firstGrain, recordOffsets);

        long batchStart = recordOffsets[0];
        file.requireWithin(batchStart, GRAIN_MARKER_SIZE, "grain marker of guest grain " + firstGrain);
        long batchEnd = Math.min(file.size(), recordOffsets[count - 1] + maxRecord);
        ByteBuffer batch = takeBatchBuffer((int) (batchEnd - batchStart));
        try {
            file.readFully(batchStart, batch, "compressed grains");
            return inflateBatch(batch.flip(), batchStart, recordOffsets, count, offset, destination);
        } finally {
            if (idleBatchBuffers.size() < MAX_IDLE_BATCH_BUFFERS) {
                idleBatchBuffers.add(batch);
            }
        }
    }

    private ByteBuffer takeBatchBuffer(int length) {
        ByteBuffer buffer = idleBatchBuffers.poll();
        if (buffer == null || buffer.capacity() < length) {
            // Sized to what reads of the caller's chunks need, rounded up so that pooled buffers fit later batches.
            buffer = ByteBuffer.allocateDirect((length + BATCH_BUFFER_STEP - 1) / BATCH_BUFFER_STEP * BATCH_BUFFER_STEP);
        }
        return buffer.clear().limit(length);
    }

    /** Inflates the {@code count} grains of {@code batch}, which holds the file from {@code batchStart}. */
    private int inflateBatch(ByteBuffer batch, long batchStart, long[] recordOffsets, int count, long offset,
            ByteBuffer destination) throws IOException {
        long end = offset + destination.remaining();
        long firstGrain = offset / grainBytes;
        int start = destination.position();
        ByteBuffer scratch = null;
        for (int index = 0; index < count; index++) {
            long grain = firstGrain + index;
            long grainStart = grain * grainBytes;
            long copyStart = Math.max(offset, grainStart);
            long copyEnd = Math.min(end, grainStart + grainBytes);
            ByteBuffer compressed = compressedData(batch, recordOffsets[index] - batchStart, recordOffsets[index],
                    grain);
            if (copyStart == grainStart && destination.remaining() >= grainBytes) {
                ByteBuffer output = destination.slice(destination.position(), grainBytes);
                requireInflated(inflater.inflate(compressed, output, recordOffsets[index]), copyEnd - grainStart,
                        recordOffsets[index]);
                destination.position(destination.position() + (int) (copyEnd - copyStart));
            } else {
                scratch = scratch == null ? ByteBuffer.allocate(grainBytes) : scratch.clear();
                requireInflated(inflater.inflate(compressed, scratch, recordOffsets[index]), copyEnd - grainStart,
                        recordOffsets[index]);
                destination.put(scratch.flip().position((int) (copyStart - grainStart)).limit((int) (copyEnd
                        - grainStart)));
            }
        }
        return destination.position() - start;
    }

    /** Fills {@code recordOffsets} with the file offsets of allocated grains from {@code firstGrain} on. */
    private int collectBatch(long firstGrain, long[] recordOffsets) throws IOException {
        recordOffsets[0] = directory.entry(firstGrain) * SECTOR_SIZE;
        int count = 1;
        while (count < recordOffsets.length) {
            long grain = firstGrain + count;
            long entry = directory.entry(grain);
            if (directory.allocationOf(entry, grain) != Allocation.DATA) {
                break;
            }
            long recordOffset = entry * SECTOR_SIZE;
            long previous = recordOffsets[count - 1];
            if (recordOffset <= previous || recordOffset - previous > maxRecord + MAX_GAP
                    || recordOffset + maxRecord - recordOffsets[0] > MAX_BATCH_BYTES) {
                break;
            }
            recordOffsets[count++] = recordOffset;
        }
        return count;
    }

    /** The compressed bytes of the grain record at {@code at} in {@code batch}, after checking its marker. */
    private ByteBuffer compressedData(ByteBuffer batch, long at, long fileOffset, long grain) throws IOException {
        file.requireWithin(fileOffset, GRAIN_MARKER_SIZE, "grain marker of guest grain " + grain);
        ByteBuffer marker = batch.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long lba = marker.getLong((int) at);
        long size = Integer.toUnsignedLong(marker.getInt((int) at + 8));
        if (lba != grain * grainSectors) {
            throw VmdkFormat.corrupt(fileOffset, "grain marker names sector " + Long.toUnsignedString(lba)
                    + " where the grain table expects sector " + grain * grainSectors);
        }
        if (size == 0 || size > maxRecord - GRAIN_MARKER_SIZE) {
            throw VmdkFormat.corrupt(fileOffset + 8, "compressed grain claims " + size
                    + " bytes, more than a " + grainBytes + "-byte grain can take");
        }
        file.requireWithin(fileOffset + GRAIN_MARKER_SIZE, size, "compressed grain of guest grain " + grain);
        return batch.duplicate().position((int) at + GRAIN_MARKER_SIZE).limit((int) (at + GRAIN_MARKER_SIZE + size))
                .slice();
    }

    private static void requireInflated(int produced, long required, long fileOffset) throws IOException {
        if (produced < required) {
            throw VmdkFormat.corrupt(fileOffset, "compressed grain inflates to " + produced + " bytes, fewer than the "
                    + required + " the disk needs from it");
        }
    }
}
