package dev.ferry.disk.convert;

import java.io.IOException;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;

/**
 * The committing side of one conversion run: commits processed chunks in order, feeds the digest, counts, and writes
 * checkpoints and progress when they are due. Used only from the pipeline's delivering thread.
 */
final class ConversionRun implements ChunkPipeline.Sink {

    private final ConversionIdentity identity;
    private final DiskImageWriter writer;
    private final TreeDigest digest;
    private final TargetFiles files;
    private final ConversionOptions options;
    private final ProgressTracker progress;
    private final long resumedFrom;
    private final WriteBehind writeBehind;
    private long committedOffset;
    private long bytesRead;
    private long bytesWritten;
    private long bytesNotRead;
    private long bytesReadAtCheckpoint;
    private long checkpointNanos = System.nanoTime();

    /** @param writeBehind syncs the target in the background as it grows; null for none */
    ConversionRun(ConversionIdentity identity, DiskImageWriter writer, TreeDigest digest, TargetFiles files,
            ConversionOptions options, long resumedFrom, WriteBehind writeBehind) {
        this.identity = identity;
        this.writer = writer;
        this.digest = digest;
        this.files = files;
        this.options = options;
        this.resumedFrom = resumedFrom;
        this.writeBehind = writeBehind;
        this.committedOffset = resumedFrom;
        this.progress = new ProgressTracker(options.listener(), options.progressInterval(), identity.virtualSize(),
                resumedFrom);
    }

    @Override
    public void accept(ProcessedChunk chunk) throws IOException {
        for (EncodedChunk encoded : chunk.encoded()) {
            writer.commit(encoded);
            bytesWritten += encoded.length();
            if (writeBehind != null) {
                writeBehind.committed(encoded.length());
            }
        }
        if (digest != null) {
            digest.add(chunk);
        }
        bytesRead += chunk.bytesRead();
        bytesNotRead += chunk.bytesNotRead();
        committedOffset = chunk.range().end();
        if (checkpointDue()) {
            checkpoint();
        }
        progress.update(committedOffset, bytesRead, bytesWritten);
    }

    /** Makes everything committed so far durable and records where a rerun can continue. */
    void checkpoint() throws IOException {
        byte[] writerState = writer.checkpoint();
        files.writeCheckpoint(new Checkpoint(identity, committedOffset, writerState,
                digest == null ? null : digest.state()));
        bytesReadAtCheckpoint = bytesRead;
        checkpointNanos = System.nanoTime();
        options.listener().checkpointed(committedOffset);
    }

    /** Reports the final progress and returns the result once the writer has finished. */
    ConversionResult result(long targetFileSize) {
        progress.finish(committedOffset, bytesRead, bytesWritten);
        return new ConversionResult(identity.virtualSize(), resumedFrom, bytesRead, bytesWritten, bytesNotRead,
                targetFileSize, progress.elapsed(), digest == null ? null : digest.hex());
    }

    private boolean checkpointDue() {
        if (!options.checkpoints() || committedOffset == identity.virtualSize()) {
            return false; // none wanted, or finish() follows at once
        }
        boolean byBytes = options.checkpointEveryBytes() > 0
                && bytesRead - bytesReadAtCheckpoint >= options.checkpointEveryBytes();
        boolean byTime = !options.checkpointEveryTime().isZero()
                && System.nanoTime() - checkpointNanos >= options.checkpointEveryTime().toNanos();
        return byBytes || byTime;
    }
}
