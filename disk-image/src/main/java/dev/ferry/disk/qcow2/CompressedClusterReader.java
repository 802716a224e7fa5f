package dev.ferry.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.source.ByteSource;

/**
 * Reads and inflates compressed clusters (raw deflate): neighbouring clusters' data in one read, each cluster inflated
 * into a buffer of exactly one cluster, so a stream that would inflate to more (a bomb) or to less is refused. One
 * instance serves one read call on one thread.
 */
final class CompressedClusterReader implements AutoCloseable {

    /** Compressed data of neighbouring clusters is fetched in one read up to this size. */
    static final int BATCH_BYTES = 4 << 20;

    private final ByteSource source;
    private final int clusterSize;
    private final Inflater inflater = new Inflater(true);
    private ByteBuffer partialCluster;

    CompressedClusterReader(ByteSource source, int clusterSize) {
        this.source = source;
        this.clusterSize = clusterSize;
    }

    /**
     * Fills {@code destination} with the guest bytes of {@code runs}: compressed runs that follow each other in the
     * guest and together are exactly {@code destination.remaining()} bytes.
     */
    void read(List<ClusterRun> runs, ByteBuffer destination) throws IOException {
        long spanStart = runs.get(0).hostOffset();
        long spanEnd = spanStart;
        boolean ascending = true;
        for (ClusterRun run : runs) {
            ascending &= run.hostOffset() >= spanStart;
            spanEnd = Math.max(spanEnd, run.hostOffset() + run.compressedLength());
        }
        ByteBuffer span = null;
        if (ascending && spanEnd - spanStart <= BATCH_BYTES) {
            span = ByteBuffer.allocate((int) (spanEnd - spanStart));
            source.readFully(spanStart, span);
        }
        int position = destination.position();
        for (ClusterRun run : runs) {
            ByteBuffer input;
            if (span != null) {
                int from = (int) (run.hostOffset() - spanStart);
                input = span.duplicate().limit(from + run.compressedLength()).position(from);
            } else {
                input = ByteBuffer.allocate(run.compressedLength());
                source.readFully(run.hostOffset(), input);
                input.flip();
            }
            ByteBuffer target = destination.duplicate().position(position).limit(position + (int) run.length());
            inflateRun(run, input, target);
            position += (int) run.length();
        }
        destination.position(position);
    }

    private void inflateRun(ClusterRun run, ByteBuffer input, ByteBuffer target) throws ImageFormatException {
        if (run.length() == clusterSize) {
            inflateCluster(input, target, run.hostOffset());
            return;
        }
        if (partialCluster == null) {
            partialCluster = ByteBuffer.allocate(clusterSize);
        }
        inflateCluster(input, partialCluster.clear(), run.hostOffset());
        int inCluster = (int) (run.offset() & (clusterSize - 1));
        target.put(partialCluster.limit(inCluster + target.remaining()).position(inCluster));
    }

    private void inflateCluster(ByteBuffer input, ByteBuffer output, long fileOffset) throws ImageFormatException {
        int wanted = output.remaining();
        inflater.reset();
        inflater.setInput(input);
        try {
            while (output.hasRemaining()) {
                if (inflater.inflate(output) == 0
                        && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            if (output.hasRemaining()) {
                throw new ImageFormatException(Qcow2.FORMAT, fileOffset, "compressed cluster inflates to "
                        + (wanted - output.remaining()) + " bytes instead of a whole cluster of " + wanted);
            }
            if (!inflater.finished() && inflater.inflate(ByteBuffer.allocate(1)) > 0) {
                throw new ImageFormatException(Qcow2.FORMAT, fileOffset,
                        "compressed cluster inflates to more than a cluster of " + wanted + " bytes");
            }
        } catch (DataFormatException e) {
            throw new ImageFormatException(Qcow2.FORMAT, fileOffset, "compressed cluster holds invalid deflate data: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        inflater.end();
    }
}
