package dev.ferry.disk.convert;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.convert.PlannedRange.DataChunk;
import dev.ferry.disk.convert.PlannedRange.ZeroRun;
import dev.ferry.disk.write.DiskImageWriter;

/**
 * Moves a source through a fixed pool of workers in aligned chunks and hands the results, in guest order, to one
 * thread. A planner thread walks the source's extents ahead ({@link PlanAhead}); the calling thread starts planned
 * chunks while buffers are free and otherwise delivers the oldest chunk to the {@link Sink}; a buffer is reused only after its
 * chunk was delivered, so at most {@code buffers} chunks are in flight
 * and memory stays bounded whatever the disk's size.
 */
final class ChunkPipeline {

    /** Receives processed chunks in ascending guest order, on the thread that called {@link #run}. */
    interface Sink {
        void accept(ProcessedChunk chunk) throws IOException;
    }

    /** A planned step on its way through a worker, with the buffer it holds. */
    private record InFlight(PlannedRange range, Future<ProcessedChunk> result, ByteBuffer buffer) {
    }

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final DiskImage source;
    private final DiskImageWriter writer;
    private final ConversionOptions options;
    private final boolean hashLeaves;
    private final long granule;
    private final int chunkSize;
    private volatile boolean stopping;

    private ChunkPipeline(DiskImage source, DiskImageWriter writer, ConversionOptions options, boolean hashLeaves) {
        this.source = source;
        this.writer = writer;
        this.options = options;
        this.hashLeaves = hashLeaves;
        this.granule = granule(writer == null ? TreeDigest.LEAF_SIZE : writer.alignment(), hashLeaves);
        this.chunkSize = (int) Math.max(granule, (options.chunkSize() + granule - 1) / granule * granule);
        if (chunkSize > ConversionOptions.MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + options.chunkSize() + " rounded up to granule "
                    + granule + " exceeds " + ConversionOptions.MAX_CHUNK_SIZE);
        }
    }

    /** A pipeline that encodes non-zero units with {@code writer}, and hashes leaves if the options ask for a digest. */
    static ChunkPipeline forConversion(DiskImage source, DiskImageWriter writer, ConversionOptions options) {
        int alignment = writer.alignment();
        if (Integer.bitCount(alignment) != 1 || alignment > TreeDigest.LEAF_SIZE) {
            throw new IllegalStateException("writer alignment " + alignment + " is not a power of two up to "
                    + TreeDigest.LEAF_SIZE);
        }
        return new ChunkPipeline(source, writer, options, options.digest());
    }

    /** A pipeline that only hashes leaves; the options' target and digest settings are ignored. */
    static ChunkPipeline forDigest(DiskImage source, ConversionOptions options) {
        return new ChunkPipeline(source, null, options, true);
    }

    /**
     * Where chunks start and end: the writer's alignment, or whole digest leaves when hashing so that every leaf is
     * hashed by one worker. A resumed conversion must continue from a multiple of this.
     */
    static long granule(int alignment, boolean digest) {
        return digest ? Math.max(alignment, TreeDigest.LEAF_SIZE) : alignment;
    }

    long granule() {
        return granule;
    }

    /**
     * Processes {@code [from, virtualSize)} and delivers every step to {@code sink} in order.
     *
     * @throws ConversionCancelledException when the token was cancelled; everything delivered before stays delivered
     */
    void run(long from, Sink sink) throws IOException {
        ChunkPlanner planner = new ChunkPlanner(source, granule, chunkSize, from);
        ChunkProcessor processor = new ChunkProcessor(source, writer, hashLeaves, options.throttle(),
                options.cancellation(), () -> stopping || options.cancellation().isCancelled());
        Deque<ByteBuffer> freeBuffers = new ArrayDeque<>();
        Deque<InFlight> inFlight = new ArrayDeque<>();
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), workerThreads());
        PlanAhead plan = new PlanAhead(planner);
        int buffers = options.buffersFor(chunkSize);
        long delivered = from;
        try {
            PlannedRange next = plan.next();
            while (next != null || !inFlight.isEmpty()) {
                checkCancelled(delivered);
                if (next != null && inFlight.size() < buffers) {
                    // Planning first keeps every worker busy; the bound on inFlight bounds the buffers.
                    inFlight.addLast(start(next, processor, freeBuffers, workers));
                    next = plan.next();
                    continue;
                }
                InFlight oldest = inFlight.removeFirst();
                ProcessedChunk processed = await(oldest);
                checkCancelled(delivered);
                sink.accept(processed);
                delivered = processed.range().end();
                if (oldest.buffer() != null) {
                    freeBuffers.push(oldest.buffer());
                }
            }
        } finally {
            stopping = true;
            plan.close();
            // Workers may still be reading from the source or encoding with the writer: wait before anyone closes them.
            for (InFlight abandoned : inFlight) {
                awaitQuietly(abandoned);
            }
            workers.shutdown();
        }
    }

    private InFlight start(PlannedRange range, ChunkProcessor processor, Deque<ByteBuffer> freeBuffers,
            ExecutorService workers) {
        if (range instanceof ZeroRun zeroRun) {
            return new InFlight(range, CompletableFuture.completedFuture(ProcessedChunk.zeroRun(zeroRun)), null);
        }
        // Buffers are direct so reads and writes of files need no copy; allocated on first use, then reused.
        ByteBuffer buffer = freeBuffers.isEmpty() ? ByteBuffer.allocateDirect(chunkSize) : freeBuffers.pop();
        DataChunk chunk = (DataChunk) range;
        return new InFlight(range, workers.submit(() -> processor.process(chunk, buffer)), buffer);
    }

    private void checkCancelled(long delivered) throws ConversionCancelledException {
        if (options.cancellation().isCancelled()) {
            throw new ConversionCancelledException(delivered);
        }
    }

    private ProcessedChunk await(InFlight inFlight) throws IOException {
        try {
            return inFlight.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the chunk at " + inFlight.range().start());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException) {
                throw new ConversionCancelledException(inFlight.range().start());
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    private static void awaitQuietly(InFlight inFlight) {
        boolean interrupted = false;
        while (true) {
            try {
                inFlight.result().get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory workerThreads() {
        int pool = POOL_NUMBER.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        return runnable -> {
            Thread worker = new Thread(runnable, "ferry-disk-" + pool + "-worker-" + thread.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        };
    }
}
