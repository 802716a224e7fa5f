package dev.ferry.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.QemuIo;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/** Reads qcow2 images made by qemu-img and qemu-io and compares every byte with qemu's own view of them. */
class Qcow2ImageTest {

    /** Not a multiple of any cluster size, but of 512 bytes, since qemu sizes qcow2 disks in sectors. */
    private static final long ODD_SIZE = (5L << 20) + 7 * 512;

    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        List<Arguments> layouts = new ArrayList<>();
        for (String compat : List.of("0.10", "1.1")) {
            for (int clusterSize : List.of(4096, 65536, 2 << 20)) {
                for (boolean compressed : List.of(false, true)) {
                    layouts.add(Arguments.of(compat, clusterSize, compressed));
                }
            }
        }
        return layouts.stream();
    }

    @ParameterizedTest(name = "compat {0}, {1}-byte clusters, compressed {2}")
    @MethodSource("layouts")
    void readsWhatQemuImgConvertWrote(String compat, int clusterSize, boolean compressed) throws IOException {
        Path raw = scattered(ODD_SIZE, 7).writeRaw(dir.resolve("disk.raw"));
        Path image = convert(raw, compressed, "compat=" + compat, "cluster_size=" + clusterSize);

        try (DiskImage disk = DiskImages.open(image)) {
            assertThat(disk.format()).isEqualTo(ImageFormat.QCOW2);
            ImageAssertions.assertSameContent(disk, raw);
            assertThat(disk.info().clusterSize()).isEqualTo(clusterSize);
            assertThat(disk.info().subformat()).isEqualTo(compat.equals("0.10") ? "v2" : "v3");
        }
    }

    @Test
    void readsAnEmptyDiskWithZeroClustersAsOneZeroExtent() throws IOException {
        Path raw = SyntheticDisk.ofSize(ODD_SIZE).writeRaw(dir.resolve("empty.raw"));
        Path image = convert(raw, false);
        QemuIo.run(image, "qcow2", "write -z 1M 128k");

        try (DiskImage disk = DiskImages.open(image)) {
            ImageAssertions.assertSameContent(disk, raw);
            assertThat(disk.extent(0, ODD_SIZE)).isEqualTo(Extent.zeros(0, ODD_SIZE));
        }
    }

    @Test
    void readsAFullDiskAsOneDataExtent() throws IOException {
        Path raw = SyntheticDisk.ofSize(ODD_SIZE).with(0, ODD_SIZE, Content.RANDOM).writeRaw(dir.resolve("full.raw"));
        Path image = convert(raw, false);

        try (DiskImage disk = DiskImages.open(image)) {
            ImageAssertions.assertSameContent(disk, raw);
            assertThat(disk.extent(0, ODD_SIZE)).isEqualTo(Extent.data(0, ODD_SIZE));
        }
    }

    @Test
    void readsZeroClustersAsZerosAndReportsThemAsZeroExtents() throws IOException {
        long size = 4L << 20;
        Path raw = SyntheticDisk.ofSize(size).with(0, size, Content.RANDOM).writeRaw(dir.resolve("zeroed.raw"));
        Path image = convert(raw, false);
        String[] writes = { "write -z 64k 1M", "write -z 2M 4k", "write -z 3M 1M" };
        QemuIo.run(image, "qcow2", writes);
        QemuIo.run(raw, "raw", writes);

        try (DiskImage disk = DiskImages.open(image)) {
            ImageAssertions.assertSameContent(disk, raw);
            assertThat(disk.extent(64 << 10, size)).isEqualTo(Extent.zeros(64 << 10, 1 << 20));
            assertThat(disk.extent(3 << 20, size)).isEqualTo(Extent.zeros(3 << 20, 1 << 20));
        }
    }

    @Test
    void readsUnallocatedClustersFromASmallerBackingImage() throws IOException {
        Path baseRaw = scattered(3L << 20, 11).writeRaw(dir.resolve("base.raw"));
        convert(baseRaw, "base.qcow2", false);
        Path overlay = dir.resolve("overlay.qcow2");
        QemuImg.create(overlay, "qcow2", ODD_SIZE, "backing_file=base.qcow2", "backing_fmt=qcow2");
        QemuIo.run(overlay, "qcow2", "write -P 0x5a 100k 200k", "write -z 1M 64k", "write -P 0x33 3M 8k",
                "write -P 0x44 " + (ODD_SIZE - 512) + " 512");

        try (DiskImage disk = DiskImages.open(overlay)) {
            ImageAssertions.assertSameContent(disk, qemuView(overlay));
            assertThat(disk.info().backing()).isEqualTo("base.qcow2");
            // Unallocated in the overlay and past the end of the backing image: zeros.
            assertThat(disk.extent(4L << 20, 4096).zero()).isTrue();
            // The zero cluster hides the backing image's data.
            assertThat(disk.extent(1 << 20, 64 << 10)).isEqualTo(Extent.zeros(1 << 20, 64 << 10));
        }
    }

    @Test
    void readsARawBackingFileAndAChainOfTwoOverlays() throws IOException {
        Path base = scattered(2L << 20, 13).writeRaw(dir.resolve("base.img"));
        Path middle = dir.resolve("middle.qcow2");
        QemuImg.create(middle, "qcow2", 2L << 20, "backing_file=base.img", "backing_fmt=raw", "compat=0.10");
        QemuIo.run(middle, "qcow2", "write -P 0x21 0 70k", "write -P 0x22 1M 4k");
        Path top = dir.resolve("top.qcow2");
        QemuImg.create(top, "qcow2", 3L << 20, "backing_file=middle.qcow2", "backing_fmt=qcow2");
        QemuIo.run(top, "qcow2", "write -P 0x31 60k 8k", "write -z 1M 64k", "write -P 0x32 2M 512");

        try (DiskImage disk = DiskImages.open(top)) {
            ImageAssertions.assertSameContent(disk, qemuView(top));
        }
    }

    @Test
    void readsExtendedL2SubclustersOverABackingImage() throws IOException {
        Path baseRaw = scattered(2L << 20, 17).writeRaw(dir.resolve("base.raw"));
        convert(baseRaw, "base.qcow2", false);
        Path overlay = dir.resolve("overlay.qcow2");
        QemuImg.create(overlay, "qcow2", 2L << 20, "backing_file=base.qcow2", "backing_fmt=qcow2",
                "extended_l2=on", "cluster_size=64k");
        QemuIo.run(overlay, "qcow2", "write -P 0x77 6k 2k", "write -z 64k 10k", "write -P 0x78 130k 1k",
                "write -P 0x79 1M 64k");

        try (DiskImage disk = DiskImages.open(overlay)) {
            ImageAssertions.assertSameContent(disk, qemuView(overlay));
            assertThat(disk.info().details()).containsEntry("extended l2", "true");
        }
    }

    @Test
    void reportsWhatTheHeaderSaysAndReadsPastSnapshotsAndBitmaps() throws IOException {
        Path raw = scattered(ODD_SIZE, 19).writeRaw(dir.resolve("disk.raw"));
        Path image = convert(raw, false, "lazy_refcounts=on");
        assertThat(QemuImg.run(List.of("snapshot", "-c", "before", image.toString())).ok()).isTrue();
        assertThat(QemuImg.run(List.of("bitmap", "--add", image.toString(), "changes")).ok()).isTrue();

        try (DiskImage disk = DiskImages.open(image)) {
            ImageInfo info = disk.info();
            assertThat(info.format()).isEqualTo(ImageFormat.QCOW2);
            assertThat(info.subformat()).isEqualTo("v3");
            assertThat(info.virtualSize()).isEqualTo(ODD_SIZE);
            assertThat(info.fileSize()).isEqualTo(image.toFile().length());
            assertThat(info.clusterSize()).isEqualTo(65536);
            assertThat(info.backing()).isNull();
            assertThat(info.details()).containsEntry("compat", "1.1").containsEntry("compression type", "zlib")
                    .containsEntry("snapshots", "1").containsEntry("dirty", "false")
                    .containsEntry("lazy refcounts", "true").containsEntry("bitmaps", "1");
            assertThat(info.warnings()).anyMatch(warning -> warning.contains("snapshot"));
            ImageAssertions.assertSameContent(disk, raw);
        }
    }

    @Test
    void readsCompressedClustersFromSeveralThreadsAtOnce() throws Exception {
        Path raw = scattered(ODD_SIZE, 23).writeRaw(dir.resolve("disk.raw"));
        Path image = convert(raw, true, "cluster_size=4096");
        int chunk = 192 << 10;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (DiskImage disk = DiskImages.open(image);
                FileChannel truth = FileChannel.open(raw, StandardOpenOption.READ)) {
            List<Future<Long>> mismatches = new ArrayList<>();
            for (long offset = 0; offset < ODD_SIZE; offset += chunk) {
                long at = offset;
                int length = (int) Math.min(chunk, ODD_SIZE - offset);
                mismatches.add(threads.submit(() -> {
                    ByteBuffer actual = ByteBuffer.allocate(length);
                    ByteBuffer expected = ByteBuffer.allocate(length);
                    disk.read(at, actual);
                    truth.read(expected, at);
                    int mismatch = actual.flip().mismatch(expected.flip());
                    return mismatch < 0 ? -1L : at + mismatch;
                }));
            }
            for (Future<Long> mismatch : mismatches) {
                assertThat(mismatch.get()).isEqualTo(-1L);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static SyntheticDisk scattered(long size, long seed) {
        // Data in the first and last sector, where off-by-one errors show.
        return SyntheticDisk.scattered(size, seed, 0.4, 0.3, 1, 300_000).with(0, 512, Content.RANDOM)
                .with(size - 512, 512, Content.TEXT);
    }

    private Path convert(Path raw, boolean compressed, String... options) {
        return convert(raw, "disk.qcow2", compressed, options);
    }

    private Path convert(Path raw, String name, boolean compressed, String... options) {
        Path image = dir.resolve(name);
        if (compressed) {
            QemuImg.convertCompressed(raw, "raw", image, "qcow2", options);
        } else {
            QemuImg.convert(raw, "raw", image, "qcow2", options);
        }
        return image;
    }

    /** The guest-visible bytes of an image as qemu reads them, as a raw file. */
    private Path qemuView(Path image) {
        Path raw = dir.resolve(image.getFileName() + ".qemu.raw");
        QemuImg.convert(image, "qcow2", raw, "raw");
        return raw;
    }
}
