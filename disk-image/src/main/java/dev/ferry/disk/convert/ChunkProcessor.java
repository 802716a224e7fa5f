package dev.ferry.disk.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ZeroBytes;
import dev.ferry.disk.convert.PlannedRange.DataChunk;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;

/**
 * A worker's job on one chunk: read its data extents into a buffer (zero-filling the rest), find the non-zero units,
 * have the writer encode them, and hash the digest leaves. Runs on many threads at once.
 */
final class ChunkProcessor {

    private final DiskImage source;
    private final DiskImageWriter writer;
    private final boolean hashLeaves;
    private final Throttle throttle;
    private final CancellationToken cancellation;
    private final BooleanSupplier stopped;

    /**
     * @param writer encodes non-zero runs; null when only digesting
     * @param stopped says when to abandon work because the pipeline is stopping
     */
    ChunkProcessor(DiskImage source, DiskImageWriter writer, boolean hashLeaves, Throttle throttle,
            CancellationToken cancellation, BooleanSupplier stopped) {
        this.source = source;
        this.writer = writer;
        this.hashLeaves = hashLeaves;
        this.throttle = throttle;
        this.cancellation = cancellation;
        this.stopped = stopped;
    }

    /**
     * Processes {@code chunk} in {@code buffer}, which it keeps using until the result is committed.
     *
     * @throws CancellationException when the pipeline stopped before the chunk was read
     */
    ProcessedChunk process(DataChunk chunk, ByteBuffer buffer) throws IOException {
        int length = (int) chunk.length();
        readInto(chunk, buffer);
        boolean[] leafHasData = hashLeaves ? new boolean[leafCount(length)] : null;
        List<EncodedChunk> encoded = new ArrayList<>();
        if (writer != null) {
            NonZeroRuns.forEach(buffer, length, writer.alignment(), (from, to) -> {
                encoded.add(writer.encode(chunk.start() + from, buffer.slice(from, to - from)));
                if (leafHasData != null) {
                    Arrays.fill(leafHasData, from / TreeDigest.LEAF_SIZE, (to - 1) / TreeDigest.LEAF_SIZE + 1, true);
                }
            });
        }
        byte[][] leafHashes = hashLeaves ? hashLeaves(buffer, length, writer == null ? null : leafHasData) : null;
        long bytesRead = chunk.bytesToRead();
        return new ProcessedChunk(chunk, encoded, leafHashes, bytesRead, length - bytesRead);
    }

    private void readInto(DataChunk chunk, ByteBuffer buffer) throws IOException {
        int filled = 0;
        for (Extent data : chunk.dataExtents()) {
            if (stopped.getAsBoolean()) {
                throw new CancellationException("conversion stopping");
            }
            int from = (int) (data.offset() - chunk.start());
            ZeroBytes.fill(buffer, filled, from);
            throttle.acquire(data.length(), cancellation);
            source.read(data.offset(), buffer.slice(from, (int) data.length()));
            filled = from + (int) data.length();
        }
        ZeroBytes.fill(buffer, filled, (int) chunk.length());
    }

    /**
     * Hashes each leaf of the chunk (which starts on a leaf boundary); all-zero leaves get null. With a writer, the
     * non-zero runs already say which leaves have data; without one, each leaf is checked.
     */
    private static byte[][] hashLeaves(ByteBuffer buffer, int length, boolean[] leafHasData) {
        byte[][] hashes = new byte[leafCount(length)][];
        for (int leaf = 0; leaf < hashes.length; leaf++) {
            int from = leaf * TreeDigest.LEAF_SIZE;
            int to = Math.min(length, from + TreeDigest.LEAF_SIZE);
            boolean zero = leafHasData == null ? ZeroBytes.isZero(buffer, from, to) : !leafHasData[leaf];
            hashes[leaf] = zero ? null : TreeDigest.hashLeaf(buffer.slice(from, to - from));
        }
        return hashes;
    }

    private static int leafCount(int length) {
        return (length + TreeDigest.LEAF_SIZE - 1) / TreeDigest.LEAF_SIZE;
    }
}
