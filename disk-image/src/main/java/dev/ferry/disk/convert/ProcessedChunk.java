package dev.ferry.disk.convert;

import java.util.List;

import dev.ferry.disk.write.EncodedChunk;

/**
 * A step of the walk after a worker has handled it, ready to be committed in guest order.
 *
 * @param range the planned step
 * @param encoded the non-zero runs, encoded by the writer, in ascending order (empty without a writer)
 * @param leafHashes SHA-256 of each digest leaf in the range, null for an all-zero leaf; null without a digest or
 *        for a zero run
 * @param bytesRead bytes read from the source
 * @param bytesNotRead bytes of the range known to be zero and so not read
 */
record ProcessedChunk(PlannedRange range, List<EncodedChunk> encoded, byte[][] leafHashes, long bytesRead,
        long bytesNotRead) {

    static ProcessedChunk zeroRun(PlannedRange.ZeroRun run) {
        return new ProcessedChunk(run, List.of(), null, 0, run.length());
    }
}
