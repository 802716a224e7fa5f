package dev.ferry.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.raw.RawImage;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SimpleCopy;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;

/** Writes qcow2 images from raw disks and lets qemu-img judge them: same content, consistent metadata, no leaks. */
class Qcow2WriterTest {

    private final Qcow2WriterFactory factory = new Qcow2WriterFactory();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}-byte clusters, {1} bytes, compression {2}")
    @CsvSource({
            "65536, 5255203, none", // not even a whole number of sectors
            "65536, 5246464, zlib",
            "2097152, 7343616, none",
            "2097152, 5255203, zlib",
            "4096, 3149312, zlib",
            "512, 1049088, zlib" })
    void writesImagesQemuReadsAsTheSourceAndChecksClean(int clusterSize, long size, String compression)
            throws IOException {
        Path raw = scattered(size, 3).writeRaw(dir.resolve("disk.raw"));
        Path image = write(raw, clusterSize, compression);

        assertJudgedSameAndClean(raw, image);
        if (size % 512 == 0) {
            try (DiskImage disk = DiskImages.open(image)) {
                ImageAssertions.assertSameContent(disk, raw);
            }
        }
    }

    @Test
    void compressedImagesAreSmallerThanUncompressedOnes() throws IOException {
        long size = 4L << 20;
        Path raw = SyntheticDisk.ofSize(size).with(0, size, Content.TEXT).writeRaw(dir.resolve("text.raw"));
        Path plain = write(raw, dir.resolve("plain.qcow2"), 65536, "none");
        Path compressed = write(raw, dir.resolve("compressed.qcow2"), 65536, "zlib");

        assertJudgedSameAndClean(raw, compressed);
        assertThat(Files.size(compressed)).isLessThan(Files.size(plain) / 4);
    }

    @Test
    void leavesZerosOfASparseDiskUnwritten() throws IOException {
        long size = 64L << 20;
        Path raw = SyntheticDisk.ofSize(size).with(0, 512, Content.RANDOM).with(40L << 20, 100_000, Content.TEXT)
                .with(size - 512, 512, Content.RANDOM).writeRaw(dir.resolve("sparse.raw"));
        Path image = write(raw, 65536, "none");

        assertJudgedSameAndClean(raw, image);
        // Header, L1, three L2 tables, four data clusters and the refcount structures.
        assertThat(Files.size(image)).isLessThanOrEqualTo(16 * 65536L);
    }

    @Test
    void writesAnEmptyDisk() throws IOException {
        Path raw = SyntheticDisk.ofSize(3L << 20).writeRaw(dir.resolve("empty.raw"));
        Path image = write(raw, 65536, "none");

        assertJudgedSameAndClean(raw, image);
        try (DiskImage disk = DiskImages.open(image)) {
            assertThat(disk.extent(0, 3L << 20).zero()).isTrue();
            assertThat(disk.extent(0, 3L << 20).length()).isEqualTo(3L << 20);
        }
    }

    @Test
    void writesADiskOfZeroBytes() throws IOException {
        Path image = dir.resolve("nothing.qcow2");
        factory.create(image, 0, WriteOptions.defaults()).finish(true);

        QemuImg.Result check = QemuImg.check(image, "qcow2");
        assertThat(check.ok()).as(check.output()).isTrue();
        try (DiskImage disk = DiskImages.open(image)) {
            assertThat(disk.virtualSize()).isZero();
        }
    }

    @Test
    void writesAFullDiskContiguouslySoItReadsInLargeRuns() throws IOException {
        long size = (3L << 20) + 4096;
        Path raw = SyntheticDisk.ofSize(size).with(0, size, Content.RANDOM).writeRaw(dir.resolve("full.raw"));
        Path image = write(raw, 65536, "none");

        assertJudgedSameAndClean(raw, image);
        try (DiskImage disk = DiskImages.open(image)) {
            ImageAssertions.assertSameContent(disk, raw);
            assertThat(disk.extent(0, size).length()).isEqualTo(size);
        }
    }

    @ParameterizedTest(name = "compression {0}")
    @CsvSource({ "none", "zlib" })
    void resumingFromACheckpointGivesTheSameBytesAsAnUninterruptedRun(String compression) throws IOException {
        long size = (9L << 20) + 12345;
        Path raw = scattered(size, 5).writeRaw(dir.resolve("disk.raw"));
        WriteOptions options = options(65536, compression);
        Path uninterrupted = write(raw, dir.resolve("whole.qcow2"), 65536, compression);

        Path resumed = dir.resolve("resumed.qcow2");
        byte[] state;
        try (DiskImage source = openRaw(raw); DiskImageWriter writer = factory.create(resumed, size, options)) {
            SimpleCopy.copy(source, writer, 0, 3L << 20);
            state = writer.checkpoint();
            // Work after the checkpoint that the crash loses: more data, and the start of finishing.
            SimpleCopy.copy(source, writer, 3L << 20, 7L << 20);
            writer.checkpoint();
        }
        try (DiskImage source = openRaw(raw); DiskImageWriter writer = factory.resume(resumed, state)) {
            SimpleCopy.copy(source, writer, 3L << 20, size);
            writer.finish(true);
        }

        assertThat(Files.mismatch(uninterrupted, resumed)).isEqualTo(-1L);
        assertJudgedSameAndClean(raw, resumed);
    }

    @Test
    void resumingAfterACrashDuringFinishGivesTheSameBytes() throws IOException {
        long size = 6L << 20;
        Path raw = scattered(size, 9).writeRaw(dir.resolve("disk.raw"));
        Path uninterrupted = write(raw, dir.resolve("whole.qcow2"), 65536, "none");

        Path resumed = dir.resolve("resumed.qcow2");
        byte[] state;
        try (DiskImage source = openRaw(raw);
                DiskImageWriter writer = factory.create(resumed, size,
                        WriteOptions.defaults())) {
            SimpleCopy.copy(source, writer, 0, 2L << 20);
            state = writer.checkpoint();
        }
        // Let a second writer get as far as finishing, as if the crash came after finish wrote its metadata.
        try (DiskImage source = openRaw(raw); DiskImageWriter writer = factory.resume(resumed, state)) {
            SimpleCopy.copy(source, writer, 2L << 20, size);
            writer.finish(true);
        }
        assertThat(Files.mismatch(uninterrupted, resumed)).isEqualTo(-1L);
        try (DiskImage source = openRaw(raw); DiskImageWriter writer = factory.resume(resumed, state)) {
            SimpleCopy.copy(source, writer, 2L << 20, size);
            writer.finish(true);
        }

        assertThat(Files.mismatch(uninterrupted, resumed)).isEqualTo(-1L);
    }

    @Test
    void refusesChunksThatAreNotWholeAscendingClusters() throws IOException {
        try (DiskImageWriter writer = factory.create(dir.resolve("x.qcow2"), 1 << 20, WriteOptions.defaults())) {
            ByteBuffer data = ByteBuffer.allocate(65536);
            data.put(0, (byte) 1);
            assertThatThrownBy(() -> writer.encode(4096, data.duplicate())).isInstanceOf(
                    IllegalArgumentException.class);
            writer.commit(writer.encode(131072, data.duplicate()));
            assertThatThrownBy(() -> writer.commit(writer.encode(65536, data.duplicate())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesUnsupportedOptions() {
        assertThatThrownBy(() -> factory.create(dir.resolve("a.qcow2"), 1 << 20, options(3000, "none")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> factory.create(dir.resolve("b.qcow2"), 1 << 20, options(65536, "zstd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zlib");
        assertThat(dir.resolve("a.qcow2")).doesNotExist();
    }

    private static SyntheticDisk scattered(long size, long seed) {
        return SyntheticDisk.scattered(size, seed, 0.35, 0.35, 1, 400_000).with(0, 512, Content.RANDOM)
                .with(size - 100, 100, Content.TEXT);
    }

    private Path write(Path raw, int clusterSize, String compression) throws IOException {
        return write(raw, dir.resolve("disk.qcow2"), clusterSize, compression);
    }

    private Path write(Path raw, Path image, int clusterSize, String compression) throws IOException {
        try (DiskImage source = openRaw(raw);
                DiskImageWriter writer = factory.create(image, source.virtualSize(), options(clusterSize,
                        compression))) {
            SimpleCopy.copyAll(source, writer);
        }
        return image;
    }

    private static WriteOptions options(int clusterSize, String compression) {
        return new WriteOptions(null, clusterSize, Map.of(Qcow2WriterFactory.COMPRESSION, compression));
    }

    private static DiskImage openRaw(Path raw) throws IOException {
        return new RawImage(FileByteSource.open(raw));
    }

    private static void assertJudgedSameAndClean(Path raw, Path image) {
        QemuImg.Result compare = QemuImg.compare(raw, "raw", image, "qcow2");
        assertThat(compare.exitCode()).as(compare.output()).isZero();
        QemuImg.Result check = QemuImg.check(image, "qcow2");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("No errors were found").doesNotContain("leaked");
    }
}
