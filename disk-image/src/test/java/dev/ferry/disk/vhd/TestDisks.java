package dev.ferry.disk.vhd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.ReadOrRefuse;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/** Test disks and checks shared by the VHD and VHDX tests. */
public final class TestDisks {

    private TestDisks() {
    }

    /** Random, text and zero extents of up to {@code maxExtent} bytes, with data in the first and the last sector. */
    public static SyntheticDisk mixed(long size, long seed, long maxExtent) {
        return SyntheticDisk.scattered(size, seed, 0.3, 0.3, 512, maxExtent).with(0, 512, Content.RANDOM)
                .with(size - 512, 512, Content.RANDOM);
    }

    /** The virtual size qemu-img reports for an image. */
    public static long qemuVirtualSize(Path image, String format) {
        Matcher matcher = Pattern.compile("\"virtual-size\": (\\d+)").matcher(QemuImg.infoJson(image, format));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /**
     * Reads random ranges from several threads at once, as the conversion pipeline does, and compares each with the
     * raw file.
     */
    public static void assertParallelReadsMatch(DiskImage image, Path raw) throws Exception {
        long size = image.virtualSize();
        byte[] expected = Files.readAllBytes(raw);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int task = 0; task < 4; task++) {
                long seed = task;
                results.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < 200; i++) {
                        long offset = random.nextLong(size);
                        int length = (int) Math.min(size - offset, random.nextInt(1, 3 << 20));
                        ByteBuffer actual = ByteBuffer.allocate(length);
                        image.read(offset, actual);
                        assertThat(actual.flip().mismatch(ByteBuffer.wrap(expected, (int) offset, length)))
                                .as("read of %d bytes at %d", length, offset).isEqualTo(-1);
                        image.extent(offset, size - offset);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads at offsets and lengths that are not sector multiples and compares with the raw file. */
    public static void assertUnalignedReadsMatch(DiskImage image, Path raw) throws IOException {
        long size = image.virtualSize();
        long[][] ranges = { { 1, 1000 }, { 511, 3 }, { size / 2 - 777, 3 * 1024 * 1024 + 5 }, { size - 1001, 1001 } };
        try (FileChannel channel = FileChannel.open(raw, StandardOpenOption.READ)) {
            for (long[] range : ranges) {
                int length = (int) Math.min(range[1], size - range[0]);
                ByteBuffer actual = ByteBuffer.allocateDirect(length);
                image.read(range[0], actual);
                ByteBuffer expected = ByteBuffer.allocate(length);
                channel.read(expected, range[0]);
                assertThat(actual.flip().mismatch(expected.flip())).as("read at %d", range[0]).isEqualTo(-1);
            }
        }
    }

    /**
     * Opens a possibly damaged image, reads it and walks its extents ({@link ReadOrRefuse}): this must work or fail
     * with an {@link dev.ferry.disk.ImageFormatException}, within seconds, and never with anything else.
     */
    public static void assertReadsOrFailsCleanly(Path file, String label) {
        long started = System.nanoTime();
        try {
            ReadOrRefuse.exercise(() -> DiskImages.open(file));
        } catch (AssertionError | RuntimeException | OutOfMemoryError e) {
            throw new AssertionError(label + ": " + e, e);
        }
        assertThat(System.nanoTime() - started).as("%s took too long", label).isLessThan(5_000_000_000L);
    }
}
