package dev.ferry.disk.convert;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;

/**
 * A writer that writes nothing but checks what the pipeline does: commits ascend and are aligned, payloads still hold
 * the bytes they were encoded from (no buffer was reused too early), and how many encoded chunks wait for commit.
 */
final class RecordingWriter implements DiskImageWriter {

    /** The bytes seen at encode time next to the live view, to detect a buffer recycled before its commit. */
    private record Payload(ByteBuffer live, ByteBuffer copy) {
    }

    private final int alignment;
    private final long virtualSize;
    private final AtomicInteger awaitingCommit = new AtomicInteger();
    private final AtomicInteger mostAwaitingCommit = new AtomicInteger();
    private final CompletableFuture<Void> reachedAwaiting = new CompletableFuture<>();
    private final int awaitingToSignal;
    private final List<long[]> commits = new ArrayList<>();
    private long nextOffset;

    RecordingWriter(int alignment, long virtualSize, int awaitingToSignal) {
        this.alignment = alignment;
        this.virtualSize = virtualSize;
        this.awaitingToSignal = awaitingToSignal;
    }

    @Override
    public int alignment() {
        return alignment;
    }

    @Override
    public EncodedChunk encode(long offset, ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
        int awaiting = awaitingCommit.incrementAndGet();
        mostAwaitingCommit.accumulateAndGet(awaiting, Math::max);
        if (awaiting >= awaitingToSignal) {
            reachedAwaiting.complete(null);
        }
        return new EncodedChunk(offset, data.remaining(), new Payload(data.duplicate(), copy));
    }

    @Override
    public void commit(EncodedChunk chunk) {
        if (chunk.offset() < nextOffset || chunk.offset() % alignment != 0
                || (chunk.length() % alignment != 0 && chunk.offset() + chunk.length() != virtualSize)) {
            throw new AssertionError("commit " + chunk.offset() + "+" + chunk.length() + " after " + nextOffset
                    + " breaks order or alignment " + alignment);
        }
        Payload payload = (Payload) chunk.payload();
        if (payload.live().mismatch(payload.copy()) >= 0) {
            throw new AssertionError("buffer of the chunk at " + chunk.offset() + " was reused before its commit");
        }
        nextOffset = chunk.offset() + chunk.length();
        commits.add(new long[] { chunk.offset(), nextOffset });
        awaitingCommit.decrementAndGet();
    }

    @Override
    public byte[] checkpoint() {
        return new byte[0];
    }

    @Override
    public void finish(boolean durable) {
    }

    @Override
    public void close() {
    }

    /** Completes once {@code awaitingToSignal} encoded chunks wait for commit at the same time. */
    CompletableFuture<Void> reachedAwaiting() {
        return reachedAwaiting;
    }

    int mostAwaitingCommit() {
        return mostAwaitingCommit.get();
    }

    List<long[]> commits() {
        return commits;
    }
}
