package dev.ferry.disk.qcow2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/**
 * Creates qcow2 writers. Options: {@code blockSize} is the cluster size (a power of two from 512 bytes to 2 MiB,
 * 64 KiB by default); property {@code compression} is {@code zlib} for compressed clusters or {@code none} (the
 * default); property {@code compression.level} is the deflate level 1-9 (6 by default, as qemu-img).
 */
public final class Qcow2WriterFactory implements WriterFactory {

    public static final int DEFAULT_CLUSTER_SIZE = 64 << 10;
    public static final String COMPRESSION = "compression";
    public static final String COMPRESSION_LEVEL = "compression.level";

    private static final int DEFAULT_COMPRESSION_LEVEL = 6;

    @Override
    public DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException {
        if (virtualSize < 0) {
            throw new IllegalArgumentException("virtual size must not be negative: " + virtualSize);
        }
        if (options.subformat() != null && !options.subformat().equalsIgnoreCase("v3")) {
            throw new IllegalArgumentException("qcow2 is written as version 3 only, not '" + options.subformat() + "'");
        }
        return Qcow2Writer.create(file, virtualSize, clusterBits(options.blockSize()), compressionLevel(options));
    }

    @Override
    public DiskImageWriter resume(Path file, byte[] state) throws IOException {
        return Qcow2Writer.resume(file, WriterState.parse(state));
    }

    private static int clusterBits(long blockSize) {
        long size = blockSize == 0 ? DEFAULT_CLUSTER_SIZE : blockSize;
        if (Long.bitCount(size) != 1 || size < 1L << Qcow2.MIN_CLUSTER_BITS || size > 1L << Qcow2.MAX_CLUSTER_BITS) {
            throw new IllegalArgumentException("qcow2 cluster size must be a power of two from 512 bytes to 2 MiB, not "
                    + size);
        }
        return Long.numberOfTrailingZeros(size);
    }

    private static int compressionLevel(WriteOptions options) {
        String compression = options.properties().getOrDefault(COMPRESSION, "none").toLowerCase(Locale.ROOT);
        String level = options.properties().get(COMPRESSION_LEVEL);
        switch (compression) {
            case "none":
                return 0;
            case "zlib":
                int parsed = level == null ? DEFAULT_COMPRESSION_LEVEL : parseLevel(level);
                if (parsed < 1 || parsed > 9) {
                    throw new IllegalArgumentException("compression.level must be from 1 to 9, not " + parsed);
                }
                return parsed;
            default:
                throw new IllegalArgumentException("qcow2 compression must be 'zlib' or 'none', not '" + compression
                        + "'");
        }
    }

    private static int parseLevel(String level) {
        try {
            return Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("compression.level must be a number from 1 to 9, not '" + level + "'",
                    e);
        }
    }
}
