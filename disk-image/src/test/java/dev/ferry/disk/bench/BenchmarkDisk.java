package dev.ferry.disk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.ferry.disk.testing.SyntheticDisk;

/**
 * Writes the raw ground truth of {@code bench/disk-vs-qemu}: a deterministic sparse disk that is 40% random data, 10%
 * text-like data and the rest zeros, in scattered 1–8 MiB extents. Not a test; the benchmark script runs it with the
 * test class path and makes every other source format from its output with qemu-img.
 */
public final class BenchmarkDisk {

    private static final long MiB = 1L << 20;
    /** Fixed so that every run, and every machine, benchmarks the same bytes. */
    private static final long SEED = 20_240_917L;

    private BenchmarkDisk() {
    }

    /** {@code BenchmarkDisk FILE SIZE_BYTES}: writes the disk to FILE, which must not exist. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BenchmarkDisk FILE SIZE_BYTES");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        Files.deleteIfExists(file);
        SyntheticDisk.scattered(size, SEED, 0.4, 0.1, MiB, 8 * MiB).writeRaw(file);
    }
}
