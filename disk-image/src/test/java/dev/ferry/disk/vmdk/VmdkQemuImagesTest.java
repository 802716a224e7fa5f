package dev.ferry.disk.vmdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/** Reads VMDKs that qemu-img made, in every subformat qemu writes, and compares them with the raw ground truth. */
class VmdkQemuImagesTest {

    private static final long MIB = 1 << 20;
    private static final List<String> SUBFORMATS = List.of("monolithicSparse", "streamOptimized", "monolithicFlat",
            "twoGbMaxExtentSparse", "twoGbMaxExtentFlat");

    @TempDir
    Path folder;

    static Stream<Arguments> subformatsAndDisks() {
        List<Arguments> cases = new ArrayList<>();
        for (String subformat : SUBFORMATS) {
            cases.add(Arguments.of(subformat, "odd size, data in first and last sector"));
            cases.add(Arguments.of(subformat, "empty"));
            cases.add(Arguments.of(subformat, "full of random data"));
            cases.add(Arguments.of(subformat, "scattered over several grain tables"));
        }
        return cases.stream();
    }

    private static SyntheticDisk disk(String shape) {
        return switch (shape) {
            case "odd size, data in first and last sector" -> VmdkTestDisks.oddSizeWithDataInFirstAndLastSector();
            case "empty" -> VmdkTestDisks.empty();
            case "full of random data" -> VmdkTestDisks.fullOfRandomData();
            case "scattered over several grain tables" -> SyntheticDisk.scattered(70 * MIB + 512, 7, 0.1, 0.2,
                    4_000, 3 * MIB);
            default -> throw new IllegalArgumentException(shape);
        };
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("subformatsAndDisks")
    void readsWhatQemuWrote(String subformat, String shape) throws IOException {
        Path raw = disk(shape).writeRaw(folder.resolve("disk.raw"));
        Path vmdk = folder.resolve("disk.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk", "subformat=" + subformat);

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertThat(image.format()).isEqualTo(ImageFormat.VMDK);
            ImageAssertions.assertSameContent(image, raw);
            ImageInfo info = image.info();
            assertThat(info.subformat()).isEqualTo(subformat);
            assertThat(info.virtualSize()).isEqualTo(Files.size(raw));
            assertThat(info.clusterSize()).isEqualTo(subformat.contains("Flat") ? 0 : 65536);
        }
    }

    @Test
    void reportsEmptyStreamOptimizedDiskAsOneZeroExtent() throws IOException {
        Path raw = SyntheticDisk.ofSize(40 * MIB).writeRaw(folder.resolve("empty.raw"));
        Path vmdk = folder.resolve("empty.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk", "subformat=streamOptimized");

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertThat(image.extent(0, image.virtualSize())).isEqualTo(Extent.zeros(0, 40 * MIB));
        }
    }

    @Test
    void mergesAllocatedGrainsIntoOneDataExtentAcrossGrainTables() throws IOException {
        // Data from 1 MiB to 40 MiB crosses the grain table boundary at 32 MiB.
        Path raw = SyntheticDisk.ofSize(48 * MIB).with(MIB, 39 * MIB, Content.TEXT).writeRaw(folder.resolve("d.raw"));
        Path vmdk = folder.resolve("d.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk");

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertThat(image.extent(0, image.virtualSize())).isEqualTo(Extent.zeros(0, MIB));
            assertThat(image.extent(MIB, image.virtualSize() - MIB)).isEqualTo(Extent.data(MIB, 39 * MIB));
            assertThat(image.extent(40 * MIB, 8 * MIB)).isEqualTo(Extent.zeros(40 * MIB, 8 * MIB));
        }
    }

    @Test
    void readsTwoGbMaxExtentDisksAcrossTheirExtents() throws IOException {
        long size = 2048 * MIB + 3 * MIB + 512;
        Path raw = SyntheticDisk.ofSize(size)
                .with(0, 4096, Content.RANDOM)
                .with(2048 * MIB - 70_000, 140_000, Content.RANDOM)
                .with(size - 512, 512, Content.TEXT)
                .writeRaw(folder.resolve("big.raw"));
        for (String subformat : List.of("twoGbMaxExtentSparse", "twoGbMaxExtentFlat")) {
            Path vmdk = folder.resolve(subformat + ".vmdk");
            QemuImg.convert(raw, "raw", vmdk, "vmdk", "subformat=" + subformat);
            try (DiskImage image = DiskImages.open(vmdk)) {
                assertThat(image.info().details()).containsEntry("extents", "2");
                assertSameRanges(image, raw, 0, 8192, 2048 * MIB - 80_000, 160_000, size - 70_000, 70_000);
                if (subformat.endsWith("Sparse")) {
                    assertThat(image.extent(MIB, 2047 * MIB)).isEqualTo(Extent.zeros(MIB, 2047 * MIB - 131072));
                }
            }
        }
    }

    @Test
    void readsStreamOptimizedFromSeveralThreadsAtOnce() throws Exception {
        Path raw = SyntheticDisk.scattered(24 * MIB, 11, 0.3, 0.5, 10_000, 400_000).writeRaw(folder.resolve("p.raw"));
        Path vmdk = folder.resolve("p.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk", "subformat=streamOptimized");
        byte[] expected = Files.readAllBytes(raw);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (DiskImage image = DiskImages.open(vmdk)) {
            List<Future<?>> reads = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                SplittableRandom random = new SplittableRandom(task);
                reads.add(pool.submit(() -> {
                    for (int round = 0; round < 40; round++) {
                        int length = random.nextInt(1, 3 * (int) MIB);
                        long offset = random.nextLong(expected.length - length);
                        ByteBuffer buffer = ByteBuffer.allocate(length);
                        image.read(offset, buffer);
                        assertThat(buffer.array()).as("read at %d", offset)
                                .isEqualTo(java.util.Arrays.copyOfRange(expected, (int) offset,
                                        (int) offset + length));
                    }
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsQemuDescriptorFacts() throws IOException {
        Path raw = SyntheticDisk.ofSize(10 * MIB).writeRaw(folder.resolve("i.raw"));
        Path vmdk = folder.resolve("i.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk", "subformat=streamOptimized", "adapter_type=lsilogic",
                "hwversion=6");

        try (DiskImage image = DiskImages.open(vmdk)) {
            ImageInfo info = image.info();
            assertThat(info.details())
                    .containsEntry("compression", "deflate")
                    .containsEntry("adapter type", "lsilogic")
                    .containsEntry("hardware version", "6")
                    .containsEntry("parent CID", "ffffffff")
                    .containsKey("CID");
            assertThat(info.fileSize()).isEqualTo(Files.size(vmdk));
            assertThat(info.backing()).isNull();
        }
    }

    @Test
    void warnsAboutAnUncleanShutdown() throws IOException {
        Path raw = SyntheticDisk.ofSize(MIB).with(0, 4096, Content.TEXT).writeRaw(folder.resolve("u.raw"));
        Path vmdk = folder.resolve("u.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk");
        FilePatch.putBytes(vmdk, 72, new byte[] { 1 });

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertThat(image.info().warnings()).anySatisfy(warning -> assertThat(warning).contains("unclean"));
            ImageAssertions.assertSameContent(image, raw);
        }
    }

    private static void assertSameRanges(DiskImage image, Path raw, long... offsetsAndLengths) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(raw)) {
            for (int index = 0; index < offsetsAndLengths.length; index += 2) {
                long offset = offsetsAndLengths[index];
                int length = (int) offsetsAndLengths[index + 1];
                ByteBuffer actual = ByteBuffer.allocate(length);
                ByteBuffer expected = ByteBuffer.allocate(length);
                image.read(offset, actual);
                while (expected.hasRemaining()) {
                    channel.read(expected, offset + expected.position());
                }
                assertThat(actual.flip()).as("range at %d", offset).isEqualTo(expected.flip());
            }
        }
    }
}
