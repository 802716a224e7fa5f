package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.io.NativeFile;

/** Reading a disk through a {@link FileByteSource} leaves only a lag's worth of it in the page cache. */
class FileByteSourceCacheTest {

    private static final int MIB = 1 << 20;
    private static final int FILE_BYTES = 320 * MIB;

    @TempDir
    Path dir;

    @Test
    void whatWasReadIsDroppedFromThePageCacheBehindTheReads() throws IOException, InterruptedException {
        Path file = dataFile();
        assumeThat(cachedBytes(file)).as("fincore (util-linux) reports the page cache").isGreaterThanOrEqualTo(0);
        readPlainly(file);
        assumeThat(cachedBytes(file)).as("this file system caches what is read").isGreaterThan(FILE_BYTES / 2);
        try (NativeFile handle = NativeFile.open(file)) {
            assumeThat(handle).as("posix_fadvise is available").isNotNull();
            handle.dropCached(0, 0);
        }
        assumeThat(cachedBytes(file)).as("the kernel takes the advice").isLessThan(FILE_BYTES / 8);

        byte[] content = new byte[FILE_BYTES];
        try (FileByteSource source = FileByteSource.open(file)) {
            // Unaligned 2 MiB reads, as a dynamic VHD's blocks are: the drops must still cover whole folios.
            ByteBuffer buffer = ByteBuffer.allocateDirect(2 * MIB);
            for (long at = 512; at < FILE_BYTES; at += buffer.capacity()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), FILE_BYTES - at));
                source.readFully(at, buffer);
                buffer.flip().get(content, (int) at, buffer.remaining());
            }
        }

        long left = cachedBytes(file);
        assertThat(left).as("bytes left in the page cache after reading %d", FILE_BYTES)
                .isLessThanOrEqualTo(FileByteSource.DROP_LAG + 16L * MIB);
        byte[] expected = Files.readAllBytes(file);
        assertThat(Arrays.equals(content, 512, FILE_BYTES, expected, 512, FILE_BYTES)).isTrue();
    }

    private Path dataFile() throws IOException {
        Path file = dir.resolve("disk.raw");
        byte[] pattern = "a disk's data, read once and not cached ".repeat(1 << 10).getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (long at = 0; at < FILE_BYTES; at += pattern.length) {
                raf.write(pattern, 0, (int) Math.min(pattern.length, FILE_BYTES - at));
            }
            raf.getFD().sync();
        }
        return file;
    }

    private static void readPlainly(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4 * MIB);
            while (channel.read(buffer.clear()) > 0) {
                // only to fill the page cache
            }
        }
    }

    /** Bytes of {@code file} in the page cache by fincore, or -1 when fincore cannot tell. */
    private static long cachedBytes(Path file) throws IOException, InterruptedException {
        Process fincore;
        try {
            fincore = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return -1;
        }
        String output = new String(fincore.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!fincore.waitFor(30, TimeUnit.SECONDS) || fincore.exitValue() != 0 || !output.matches("\\d+")) {
            return -1;
        }
        return Long.parseLong(output);
    }
}
