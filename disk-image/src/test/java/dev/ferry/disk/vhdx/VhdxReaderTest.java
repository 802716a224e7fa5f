package dev.ferry.disk.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.testing.FileBytes;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.vhd.TestDisks;

class VhdxReaderTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}, {1} bytes, blocks of {2}")
    @CsvSource({
            "dynamic, 11535872, 1048576", // 11 MiB + 3 sectors: the last block is partial
            "dynamic, 20971520, 8388608",
            "fixed, 11535872, 1048576",
            "fixed, 9437184, 8388608" })
    void readsQemuImagesLikeTheRawDiskTheyWereMadeFrom(String subformat, long size, long blockSize)
            throws IOException {
        Path raw = mixedDisk(size, 1).writeRaw(folder.resolve("disk.raw"));
        Path vhdx = folder.resolve("disk.vhdx");
        QemuImg.convert(raw, "raw", vhdx, "vhdx", "subformat=" + subformat, "block_size=" + blockSize);

        try (DiskImage image = DiskImages.open(vhdx)) {
            assertThat(image.format()).isEqualTo(ImageFormat.VHDX);
            assertThat(image.info().subformat()).isEqualTo(subformat);
            assertThat(image.info().clusterSize()).isEqualTo(blockSize);
            assertThat(image.virtualSize()).isEqualTo(qemuVirtualSize(vhdx)).isEqualTo(size);
            ImageAssertions.assertSameContent(image, raw);
            assertUnalignedReadsMatch(image, raw);
        }
    }

    /** With 256 MiB blocks a sector bitmap entry follows every 16 payload entries in the BAT. */
    @Test
    void findsBlocksAfterSectorBitmapEntriesWhereQemuPutThem() throws IOException, InterruptedException {
        Path vhdx = folder.resolve("chunks.vhdx");
        QemuImg.create(vhdx, "vhdx", 5L << 30, "block_size=268435456");
        Process qemuIo = new ProcessBuilder("qemu-io", "-f", "vhdx", "-c", "write -P 0xcd 4200M 1M",
                "-c", "write -P 0xef 5000M 4k", vhdx.toString()).redirectErrorStream(true).start();
        qemuIo.getInputStream().readAllBytes();
        assertThat(qemuIo.waitFor()).isZero();

        try (DiskImage image = DiskImages.open(vhdx)) {
            assertThat(image.extent(0, 4200 * MIB)).isEqualTo(Extent.zeros(0, 4096 * MIB));
            assertFilled(image, 4200 * MIB, (int) MIB, (byte) 0xCD);
            assertFilled(image, 5000 * MIB, 4096, (byte) 0xEF);
            assertFilled(image, 5000 * MIB + 4096, 4096, (byte) 0);
        }
    }

    private static void assertFilled(DiskImage image, long offset, int length, byte value) throws IOException {
        ByteBuffer actual = ByteBuffer.allocate(length);
        image.read(offset, actual);
        byte[] expected = new byte[length];
        Arrays.fill(expected, value);
        assertThat(actual.array()).as("bytes at %d", offset).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dynamic", "fixed" })
    void readsEmptyAndFullDisks(String subformat) throws IOException {
        long size = 6 * MIB;
        for (Content content : new Content[] { Content.ZERO, Content.RANDOM }) {
            SyntheticDisk disk = SyntheticDisk.ofSize(size);
            if (content != Content.ZERO) {
                disk.with(0, size, content);
            }
            Path raw = disk.writeRaw(folder.resolve(content + ".raw"));
            Path vhdx = folder.resolve(content + "-" + subformat + ".vhdx");
            QemuImg.convert(raw, "raw", vhdx, "vhdx", "subformat=" + subformat, "block_size=1048576");
            try (DiskImage image = DiskImages.open(vhdx)) {
                ImageAssertions.assertSameContent(image, raw);
                if (content == Content.ZERO) {
                    assertThat(image.extent(0, size)).isEqualTo(Extent.zeros(0, size));
                }
            }
        }
    }

    @Test
    void replaysAPendingLogInMemoryAsQemuReplaysItOnDisk() throws IOException {
        Path vhdx = qemuImage(12 * MIB, 2);
        VhdxHeader header = VhdxFileSurgery.currentHeader(vhdx);
        UUID logGuid = UUID.randomUUID();
        long fileSize = Files.size(vhdx);
        long block2 = VhdxBlockTable.offset(VhdxFileSurgery.batEntry(vhdx, 2));
        long block3 = VhdxBlockTable.offset(VhdxFileSurgery.batEntry(vhdx, 3));
        long block4 = VhdxBlockTable.offset(VhdxFileSurgery.batEntry(vhdx, 4));
        ByteBuffer batSector = FileBytes.read(vhdx, VhdxFileSurgery.batOffset(vhdx), 4096)
                .order(ByteOrder.LITTLE_ENDIAN);
        batSector.putLong(5 * 8, 0); // block 5 becomes "not present": it reads as zeros after replay
        ByteBuffer first = VhdxLogEntries.entry(logGuid, 10, 0, fileSize, List.of(
                VhdxLogEntries.Descriptor.data(block2 + 8192, randomSector(1)),
                VhdxLogEntries.Descriptor.zero(block3, 12288)));
        ByteBuffer second = VhdxLogEntries.entry(logGuid, 11, 0, fileSize, List.of(
                VhdxLogEntries.Descriptor.data(block2 + 8192, randomSector(2)), // later entries win
                VhdxLogEntries.Descriptor.data(VhdxFileSurgery.batOffset(vhdx), batSector.array())));
        ByteBuffer stale = VhdxLogEntries.entry(logGuid, 3, 512 * 1024, fileSize, List.of(
                VhdxLogEntries.Descriptor.data(block4, randomSector(3))));
        VhdxLogEntries.writeToLog(vhdx, header, 0, first);
        VhdxLogEntries.writeToLog(vhdx, header, first.capacity(), second);
        VhdxLogEntries.writeToLog(vhdx, header, 512 * 1024, stale);
        VhdxFileSurgery.writeHeaders(vhdx, VhdxFileSurgery.withLog(header, logGuid));

        assertReadsAsQemuReplaysIt(vhdx, 2, folder.resolve("source-2.raw"));
    }

    @Test
    void replaysALogEntryThatWrapsAroundTheEndOfTheLog() throws IOException {
        Path vhdx = qemuImage(4 * MIB, 3);
        VhdxHeader header = VhdxFileSurgery.currentHeader(vhdx);
        UUID logGuid = UUID.randomUUID();
        long block1 = VhdxBlockTable.offset(VhdxFileSurgery.batEntry(vhdx, 1));
        int position = (int) header.logLength() - 4096;
        ByteBuffer entry = VhdxLogEntries.entry(logGuid, 7, position, Files.size(vhdx), List.of(
                VhdxLogEntries.Descriptor.data(block1 + 4096, randomSector(4)),
                VhdxLogEntries.Descriptor.data(block1 + 65536, randomSector(5))));
        VhdxLogEntries.writeToLog(vhdx, header, position, entry);
        VhdxFileSurgery.writeHeaders(vhdx, VhdxFileSurgery.withLog(header, logGuid));

        assertReadsAsQemuReplaysIt(vhdx, 1, folder.resolve("source-3.raw"));
    }

    @Test
    void warnsButReadsWhenTheHeaderNamesALogWithoutValidEntries() throws IOException {
        Path raw = mixedDisk(3 * MIB, 4).writeRaw(folder.resolve("e.raw"));
        Path vhdx = folder.resolve("e.vhdx");
        QemuImg.convert(raw, "raw", vhdx, "vhdx", "block_size=1048576");
        VhdxFileSurgery.writeHeaders(vhdx, VhdxFileSurgery.withLog(VhdxFileSurgery.currentHeader(vhdx),
                UUID.randomUUID()));

        try (DiskImage image = DiskImages.open(vhdx)) {
            assertThat(image.info().warnings()).anyMatch(w -> w.contains("no valid entries"));
            ImageAssertions.assertSameContent(image, raw);
        }
    }

    @Test
    void refusesALogTooLargeToReplayInMemory() throws IOException {
        Path vhdx = folder.resolve("biglog.vhdx");
        QemuImg.create(vhdx, "vhdx", 4 * MIB, "log_size=" + (64 * MIB));
        VhdxFileSurgery.writeHeaders(vhdx, VhdxFileSurgery.withLog(VhdxFileSurgery.currentHeader(vhdx),
                UUID.randomUUID()));

        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("must be replayed").hasMessageContaining("qemu-img check -r all");
    }

    @Test
    void refusesALogWrittenForALongerFile() throws IOException {
        Path vhdx = qemuImage(4 * MIB, 5);
        VhdxHeader header = VhdxFileSurgery.currentHeader(vhdx);
        UUID logGuid = UUID.randomUUID();
        VhdxLogEntries.writeToLog(vhdx, header, 0, VhdxLogEntries.entry(logGuid, 1, 0, Files.size(vhdx) + 8 * MIB,
                List.of(VhdxLogEntries.Descriptor.zero(VhdxFileSurgery.batOffset(vhdx), 4096))));
        VhdxFileSurgery.writeHeaders(vhdx, VhdxFileSurgery.withLog(header, logGuid));

        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(header.logOffset())).hasMessageContaining("truncated");
    }

    @Test
    void usesTheOtherHeaderWhenOneIsDamagedAndRefusesWhenBothAre() throws IOException {
        Path raw = mixedDisk(3 * MIB, 6).writeRaw(folder.resolve("h.raw"));
        Path vhdx = folder.resolve("h.vhdx");
        QemuImg.convert(raw, "raw", vhdx, "vhdx", "block_size=1048576");
        FileBytes.flipByte(vhdx, VhdxHeader.FIRST_OFFSET + 200);
        try (DiskImage image = DiskImages.open(vhdx)) {
            ImageAssertions.assertSameContent(image, raw);
        }

        FileBytes.flipByte(vhdx, VhdxHeader.SECOND_OFFSET + 200);
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(VhdxHeader.FIRST_OFFSET))
                .hasMessageContaining("header checksum");
    }

    @Test
    void refusesWhenBothRegionTablesAreDamaged() throws IOException {
        Path vhdx = qemuImage(2 * MIB, 7);
        FileBytes.flipByte(vhdx, VhdxRegionTable.FIRST_OFFSET + 100);
        try (DiskImage image = DiskImages.open(vhdx)) {
            assertThat(image.virtualSize()).isEqualTo(2 * MIB);
        }
        FileBytes.flipByte(vhdx, VhdxRegionTable.SECOND_OFFSET + 100);

        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(VhdxRegionTable.FIRST_OFFSET))
                .hasMessageContaining("region table checksum");
    }

    @Test
    void refusesUnknownRequiredRegionsAndMetadata() throws IOException {
        Path vhdx = qemuImage(2 * MIB, 8);
        VhdxRegionTable table = VhdxFileSurgery.regions(vhdx);
        List<VhdxRegionTable.Region> regions = new java.util.ArrayList<>(table.regions());
        regions.add(new VhdxRegionTable.Region(UUID.randomUUID(), 64 * MIB, MIB, true, 0));
        VhdxFileSurgery.writeRegionTables(vhdx, new VhdxRegionTable(regions));
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("unknown required region");

        Path other = qemuImage(3 * MIB, 9);
        VhdxFileSurgery.addMetadataItem(other, UUID.randomUUID(), 4, ByteBuffer.allocate(8), 512 * 1024);
        assertThatThrownBy(() -> DiskImages.open(other)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("unknown required metadata item");
    }

    @Test
    void refusesBlocksPastTheEndOfTheFileOrOverlapping() throws IOException {
        Path vhdx = qemuImage(4 * MIB, 10);
        long batOffset = VhdxFileSurgery.batOffset(vhdx);
        long entry0 = VhdxFileSurgery.batEntry(vhdx, 0);
        VhdxFileSurgery.setBatEntry(vhdx, 1, VhdxLayout.presentEntry(Files.size(vhdx)));
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(batOffset + 8)).hasMessageContaining("outside the file");

        VhdxFileSurgery.setBatEntry(vhdx, 1, entry0);
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("overlaps");

        VhdxFileSurgery.setBatEntry(vhdx, 1, VhdxLayout.presentEntry(batOffset));
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("overlaps");
    }

    @Test
    void refusesInvalidBlockStatesAndPartialBlocksWithoutAParent() throws IOException {
        Path vhdx = qemuImage(4 * MIB, 11);
        long entry0 = VhdxFileSurgery.batEntry(vhdx, 0);
        VhdxFileSurgery.setBatEntry(vhdx, 0, entry0 & ~7L | 4);
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("invalid state 4");

        VhdxFileSurgery.setBatEntry(vhdx, 0, entry0 & ~7L | VhdxBlockTable.PARTIALLY_PRESENT);
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("partially present");
    }

    @ParameterizedTest(name = "block size {0}")
    @CsvSource({ "3", "0", "524288", "536870912", "-2147483648" })
    void refusesAbsurdBlockSizes(int blockSize) throws IOException {
        Path vhdx = qemuImage(2 * MIB, 12);
        long item = VhdxFileSurgery.metadataItem(vhdx, VhdxMetadata.FILE_PARAMETERS);
        FileBytes.write(vhdx, item, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, blockSize));

        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(item)).hasMessageContaining("block size");
    }

    @Test
    void refusesAbsurdDiskSizesAndTablesBeyondTheFile() throws IOException {
        Path vhdx = qemuImage(2 * MIB, 13);
        long sizeItem = VhdxFileSurgery.metadataItem(vhdx, VhdxMetadata.VIRTUAL_DISK_SIZE);
        FileBytes.write(vhdx, sizeItem, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 60));
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("64 TiB");

        FileBytes.write(vhdx, sizeItem, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 60L << 40));
        assertThatThrownBy(() -> DiskImages.open(vhdx)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("BAT region");

        Path other = qemuImage(3 * MIB, 14);
        VhdxRegionTable table = VhdxFileSurgery.regions(other);
        List<VhdxRegionTable.Region> regions = table.regions().stream()
                .map(r -> r.guid().equals(VhdxRegionTable.BAT)
                        ? new VhdxRegionTable.Region(r.guid(), 1L << 40, r.length(), true, 0)
                        : r)
                .toList();
        VhdxFileSurgery.writeRegionTables(other, new VhdxRegionTable(regions));
        assertThatThrownBy(() -> DiskImages.open(other)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("beyond the end");
    }

    /** Compares what Ferry reads from the unreplayed file with what qemu reads after replaying a copy on disk. */
    private void assertReadsAsQemuReplaysIt(Path vhdx, int entries, Path unreplayedContent) throws IOException {
        Path before = Files.copy(vhdx, folder.resolve("before.vhdx"));
        Path replayedByQemu = Files.copy(vhdx, folder.resolve("replayed.vhdx"));
        QemuImg.Result check = QemuImg.run(List.of("check", "-r", "all", "-f", "vhdx", replayedByQemu.toString()));
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(VhdxFileSurgery.currentHeader(replayedByQemu).hasLogToReplay()).isFalse();
        Path expected = folder.resolve("expected.raw");
        QemuImg.convert(replayedByQemu, "vhdx", expected, "raw");
        assertThat(Files.mismatch(expected, unreplayedContent)).as("the log changes the content").isNotEqualTo(-1);

        try (DiskImage image = DiskImages.open(vhdx)) {
            assertThat(image.info().warnings()).anyMatch(w -> w.contains("replayed " + entries + " log entries"));
            ImageAssertions.assertSameContent(image, expected);
            assertUnalignedReadsMatch(image, expected);
        }
        assertThat(Files.mismatch(vhdx, before)).as("the source file is left alone").isEqualTo(-1);
    }

    private Path qemuImage(long size, long seed) throws IOException {
        Path raw = SyntheticDisk.ofSize(size).with(0, size, Content.TEXT).with(MIB / 2, MIB, Content.RANDOM)
                .writeRaw(folder.resolve("source-" + seed + ".raw"));
        Path vhdx = folder.resolve("image-" + seed + ".vhdx");
        QemuImg.convert(raw, "raw", vhdx, "vhdx", "subformat=dynamic", "block_size=1048576");
        return vhdx;
    }

    private static byte[] randomSector(long seed) {
        byte[] sector = new byte[4096];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < sector.length; i++) {
            sector[i] = (byte) random.nextInt(1, 256);
        }
        return sector;
    }

    static SyntheticDisk mixedDisk(long size, long seed) {
        return TestDisks.mixed(size, seed, 700_000);
    }

    static long qemuVirtualSize(Path image) {
        return TestDisks.qemuVirtualSize(image, "vhdx");
    }

    static void assertUnalignedReadsMatch(DiskImage image, Path raw) throws IOException {
        TestDisks.assertUnalignedReadsMatch(image, raw);
    }
}
