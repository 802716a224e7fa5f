package dev.ferry.disk.qcow2;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses whole clusters the way qcow2 readers inflate them: raw deflate whose back-references never reach more
 * than 4 KiB, because qemu inflates with a 4 KiB window (windowBits -12) and {@link Deflater} cannot be told to use a
 * smaller window than 32 KiB. A full flush every 4 KiB resets the match history to get the same guarantee. Each
 * caller uses its own {@link Session}, so compression runs on several threads at once.
 */
final class ClusterCompressor {

    /** qemu's compression window: 2^12 bytes. */
    private static final int WINDOW = 1 << 12;

    private final int level;
    private final int clusterSize;

    ClusterCompressor(int level, int clusterSize) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("compression level " + level + " outside 1..9");
        }
        this.level = level;
        this.clusterSize = clusterSize;
    }

    int level() {
        return level;
    }

    Session open() {
        return new Session();
    }

    /** One thread's deflater and output buffer. */
    final class Session implements AutoCloseable {

        private final Deflater deflater = new Deflater(level, true);
        private final byte[] output = new byte[clusterSize];

        /**
         * Compresses one cluster ({@code cluster.remaining()} is the cluster size); returns the deflate stream, or null
         * when it would not be smaller than the cluster, which is then better stored as it is.
         */
        byte[] compress(ByteBuffer cluster) {
            deflater.reset();
            int produced = 0;
            int start = cluster.position();
            for (int piece = start; piece < cluster.limit(); piece += WINDOW) {
                int pieceEnd = Math.min(cluster.limit(), piece + WINDOW);
                deflater.setInput(cluster.duplicate().limit(pieceEnd).position(piece));
                boolean last = pieceEnd == cluster.limit();
                if (last) {
                    deflater.finish();
                }
                int flush = last ? Deflater.NO_FLUSH : Deflater.FULL_FLUSH;
                while (true) {
                    int space = output.length - produced;
                    int count = deflater.deflate(output, produced, space, flush);
                    produced += count;
                    if (produced == output.length) {
                        return null;
                    }
                    if (last ? deflater.finished() : count < space) {
                        break;
                    }
                }
            }
            byte[] compressed = new byte[produced];
            System.arraycopy(output, 0, compressed, 0, produced);
            return compressed;
        }

        @Override
        public void close() {
            deflater.end();
        }
    }
}
