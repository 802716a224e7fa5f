package dev.ferry.disk.convert;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a {@link ChunkPlanner} on a thread of its own, a few steps ahead of the pipeline. Planning asks the source
 * for extents, which may read metadata (grain tables, L2 tables, sector bitmaps) and so start the kernel's
 * read-ahead of the data behind it; done on the committing thread, that work would hold up every commit.
 *
 * <p>
 * The planner thread is never interrupted, because interrupting a thread in {@link java.nio.channels.FileChannel}
 * I/O closes the channel under everyone else; {@link #close} stops it at its next step instead.
 */
final class PlanAhead implements AutoCloseable {

    /** Steps planned ahead at most: a little more than the chunks in flight, so metadata caches are not outrun. */
    private static final int LOOKAHEAD = 16;

    /** A planned step, the end of the disk (both null) or the failure that ended planning. */
    private record Step(PlannedRange range, Throwable failure) {
    }

    private final ChunkPlanner planner;
    private final BlockingQueue<Step> steps = new ArrayBlockingQueue<>(LOOKAHEAD);
    private final Thread thread;
    private volatile boolean stopped;

    PlanAhead(ChunkPlanner planner) {
        this.planner = planner;
        this.thread = new Thread(this::plan, "ferry-disk-planner");
        thread.setDaemon(true);
        thread.start();
    }

    private void plan() {
        try {
            while (!stopped) {
                PlannedRange range = planner.next();
                steps.put(new Step(range, null));
                if (range == null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error failure) {
            try {
                steps.put(new Step(null, failure));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next step, as {@link ChunkPlanner#next} would return it, or its failure. */
    PlannedRange next() throws IOException {
        Step step;
        try {
            step = steps.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the conversion plan");
        }
        if (step.failure() instanceof IOException io) {
            throw io;
        }
        if (step.failure() instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (step.failure() instanceof Error error) {
            throw error;
        }
        return step.range();
    }

    /** Stops planning and waits for the planner thread, so the source is no longer used when this returns. */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            // Makes room for a step the planner may be blocked putting; it then sees stopped and ends.
            steps.clear();
            try {
                thread.join(10);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
