package dev.ferry.disk.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.Extent;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.InterruptedCopy;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SimpleCopy;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;

class VhdxWriterTest {

    private static final long MIB = 1 << 20;
    private final VhdxWriterFactory factory = new VhdxWriterFactory();

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}, {1} bytes, blocks of {2}")
    @CsvSource({
            "dynamic, 38798848, 0", // 37 MiB + 3 sectors in Hyper-V's 32 MiB blocks: a partial last block
            "dynamic, 11535872, 1048576",
            "fixed, 38798848, 0",
            "fixed, 5242880, 1048576" })
    void writesImagesThatQemuChecksAndReadsAsTheSource(String subformat, long size, long blockSize)
            throws IOException {
        Path raw = VhdxReaderTest.mixedDisk(size, 31).writeRaw(folder.resolve("source.raw"));
        Path vhdx = folder.resolve("out.vhdx");

        copy(raw, vhdx, new WriteOptions(subformat, blockSize, null));

        assertQemuAccepts(raw, vhdx);
        assertThat(VhdxReaderTest.qemuVirtualSize(vhdx)).isEqualTo(size);
        try (DiskImage image = DiskImages.open(vhdx)) {
            assertThat(image.info().subformat()).isEqualTo(subformat);
            assertThat(image.info().clusterSize()).isEqualTo(blockSize == 0 ? 32 * MIB : blockSize);
            ImageAssertions.assertSameContent(image, raw);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dynamic", "fixed" })
    void writesEmptyDisksWithoutWritingTheirBlocks(String subformat) throws IOException {
        long size = 100 * MIB;
        Path empty = SyntheticDisk.ofSize(size).writeRaw(folder.resolve("empty.raw"));
        Path vhdx = folder.resolve("empty.vhdx");

        copy(empty, vhdx, WriteOptions.subformat(subformat));

        assertQemuAccepts(empty, vhdx);
        assertThat(qemuActualSize(vhdx)).as("bytes allocated on disk").isLessThan(2 * MIB);
        if (subformat.equals("dynamic")) {
            assertThat(Files.size(vhdx)).as("no payload blocks").isEqualTo(4 * MIB);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dynamic", "fixed" })
    void writesFullDisks(String subformat) throws IOException {
        long size = 9 * MIB + 4096;
        Path full = SyntheticDisk.ofSize(size).with(0, size, Content.RANDOM).writeRaw(folder.resolve("full.raw"));
        Path vhdx = folder.resolve("full.vhdx");

        copy(full, vhdx, new WriteOptions(subformat, MIB, null));

        assertQemuAccepts(full, vhdx);
    }

    /** qemu reads only 512-byte logical sectors (it refuses these files), so Ferry's reader is the judge here. */
    @Test
    void writesFourKilobyteLogicalSectorsAndRoundsTheSizeUpToThem() throws IOException {
        long size = 5 * MIB + 4096;
        Path raw = VhdxReaderTest.mixedDisk(size, 51).writeRaw(folder.resolve("s.raw"));
        Path vhdx = folder.resolve("4k.vhdx");
        Path rounded = folder.resolve("rounded.vhdx");
        WriteOptions options = new WriteOptions("dynamic", 0, Map.of(VhdxWriterFactory.LOGICAL_SECTOR_SIZE, "4096"));

        copy(raw, vhdx, options);
        try (DiskImageWriter writer = factory.create(rounded, 5 * MIB + 512, options)) {
            writer.finish(true);
        }

        try (DiskImage image = DiskImages.open(vhdx); DiskImage empty = DiskImages.open(rounded)) {
            assertThat(image.info().details()).containsEntry("logical sector size", "4096")
                    .containsEntry("physical sector size", "4096");
            ImageAssertions.assertSameContent(image, raw);
            assertThat(empty.virtualSize()).isEqualTo(5 * MIB + 4096);
        }
    }

    @Test
    void refusesDisksOver64TiBAndInvalidOptions() {
        assertThatThrownBy(() -> factory.create(folder.resolve("a.vhdx"), (64L << 40) + 1, WriteOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 TiB");
        assertThatThrownBy(() -> factory.create(folder.resolve("b.vhdx"), MIB, new WriteOptions(null, 512 * 1024,
                null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block size");
        assertThatThrownBy(() -> factory.create(folder.resolve("c.vhdx"), MIB, new WriteOptions(null, 0,
                Map.of(VhdxWriterFactory.PHYSICAL_SECTOR_SIZE, "1024")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("physical-sector-size");
        assertThat(folder.resolve("a.vhdx")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dynamic", "fixed" })
    void resumedWriteProducesTheSameBytesAsAnUninterruptedOne(String subformat) throws IOException {
        long size = 13 * MIB + 4096;
        Path raw = VhdxReaderTest.mixedDisk(size, 41).writeRaw(folder.resolve("r.raw"));
        VhdxWriter.Parameters parameters = parameters(size, subformat.equals("fixed"), (int) MIB);
        Path uninterrupted = folder.resolve("whole.vhdx");
        Path resumed = folder.resolve("resumed.vhdx");

        try (DiskImage source = DiskImages.openRaw(FileByteSource.open(raw))) {
            try (DiskImageWriter writer = VhdxWriter.create(uninterrupted, parameters)) {
                SimpleCopy.copyAll(source, writer);
            }
            InterruptedCopy.crashThenResume(source, VhdxWriter.create(resumed, parameters), factory, resumed,
                    3 * MIB + 8192, 7 * MIB, 11 * MIB);
        }

        assertThat(Files.mismatch(uninterrupted, resumed)).isEqualTo(-1);
        assertQemuAccepts(raw, resumed);
    }

    @Test
    void resumeDiscardsWhatALostRunWroteAcrossSeveralAllocationTablePages() throws IOException {
        long size = 20L << 30; // 20,480 blocks of 1 MiB: the BAT spans three 8,192-entry pages
        long[] kept = { 0, 5L << 30, size - 8192 };
        long[] lost = { 6L << 30, 9L << 30, (17L << 30) + 4096 }; // pages 0, 1 and 2, written after the checkpoint
        VhdxWriter.Parameters parameters = parameters(size, false, (int) MIB);
        Path uninterrupted = folder.resolve("whole.vhdx");
        Path resumed = folder.resolve("resumed.vhdx");

        try (VhdxWriter writer = VhdxWriter.create(uninterrupted, parameters)) {
            commit(writer, kept);
            writer.finish(true);
        }
        byte[] checkpoint;
        try (VhdxWriter writer = VhdxWriter.create(resumed, parameters)) {
            commit(writer, kept[0], kept[1]);
            checkpoint = writer.checkpoint();
            commit(writer, lost);
        } // crash; the source then reads differently, so the resumed run never commits the lost chunks
        try (DiskImageWriter writer = factory.resume(resumed, checkpoint)) {
            commit(writer, kept[2]);
            writer.finish(true);
        }

        assertThat(Files.mismatch(uninterrupted, resumed)).isEqualTo(-1);
        // qemu-img compare would read all 20 GiB (qemu's VHDX driver reports no block status), so qemu checks the
        // metadata and Ferry's reader, whose content checks are judged against qemu elsewhere, checks the content.
        QemuImg.Result check = QemuImg.check(resumed, "vhdx");
        assertThat(check.exitCode()).as(check.output()).isZero();
        try (DiskImage image = DiskImages.open(resumed)) {
            for (long chunk : kept) {
                ByteBuffer data = ByteBuffer.allocate(8192);
                image.read(chunk, data);
                assertThat(data.flip()).isEqualTo(chunkData(chunk));
            }
            assertThat(image.extent(6L << 30, 12L << 30)).isEqualTo(Extent.zeros(6L << 30, 12L << 30));
        }
    }

    /**
     * With 256 MiB blocks a sector bitmap entry follows every 16 payload entries; qemu must find blocks past them
     * where Ferry put them. qemu-io reads just those ranges (a full compare would read 5 GiB).
     */
    @Test
    void placesBlocksAfterSectorBitmapEntriesWhereQemuLooksForThem() throws IOException, InterruptedException {
        long[] chunks = { 0, 4200 * MIB, 5000 * MIB };
        Path vhdx = folder.resolve("chunks.vhdx");
        try (DiskImageWriter writer = factory.create(vhdx, 5L << 30, new WriteOptions(null, 256 * MIB, null))) {
            for (long chunk : chunks) {
                byte[] pattern = new byte[(int) MIB];
                Arrays.fill(pattern, (byte) 0xAB);
                writer.commit(writer.encode(chunk, ByteBuffer.wrap(pattern)));
            }
            writer.finish(true);
        }

        QemuImg.Result check = QemuImg.check(vhdx, "vhdx");
        assertThat(check.exitCode()).as(check.output()).isZero();
        Process qemuIo = new ProcessBuilder("qemu-io", "-r", "-f", "vhdx", "-c", "read -P 0xab 0 1M",
                "-c", "read -P 0xab 4200M 1M", "-c", "read -P 0xab 5000M 1M", "-c", "read -P 0 4199M 1M",
                "-c", "read -P 0 4201M 1M", vhdx.toString()).redirectErrorStream(true).start();
        String output = new String(qemuIo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(qemuIo.waitFor()).isZero();
        assertThat(output).doesNotContain("failed").contains("read 1048576/1048576 bytes at offset 5242880000");
    }

    private static void commit(DiskImageWriter writer, long... chunks) throws IOException {
        for (long chunk : chunks) {
            writer.commit(writer.encode(chunk, chunkData(chunk)));
        }
    }

    private static ByteBuffer chunkData(long offset) {
        byte[] data = new byte[8192];
        SplittableRandom random = new SplittableRandom(offset);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) random.nextInt(1, 256);
        }
        return ByteBuffer.wrap(data);
    }

    private static VhdxWriter.Parameters parameters(long size, boolean fixed, int blockSize) {
        return new VhdxWriter.Parameters(size, fixed, blockSize, 512, 4096, UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID());
    }

    private void copy(Path raw, Path target, WriteOptions options) throws IOException {
        try (DiskImage source = DiskImages.openRaw(FileByteSource.open(raw));
                DiskImageWriter writer = factory.create(target, source.virtualSize(), options)) {
            SimpleCopy.copyAll(source, writer);
        }
    }

    private static void assertQemuAccepts(Path raw, Path vhdx) {
        QemuImg.Result check = QemuImg.check(vhdx, "vhdx");
        assertThat(check.exitCode()).as(check.output()).isZero();
        QemuImg.Result compare = QemuImg.compare(raw, "raw", vhdx, "vhdx");
        assertThat(compare.exitCode()).as(compare.output()).isZero();
    }

    private static long qemuActualSize(Path image) {
        Matcher matcher = Pattern.compile("\"actual-size\": (\\d+)").matcher(QemuImg.infoJson(image, "vhdx"));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
