package dev.ferry.disk.vhd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

class VhdReaderTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}, {1} bytes")
    @CsvSource({
            "dynamic, 7341568", // 7 MiB + 3 sectors: the last 2 MiB block is partial
            "dynamic, 4194304",
            "fixed, 7341568",
            "fixed, 1048576" })
    void readsQemuImagesLikeTheRawDiskTheyWereMadeFrom(String subformat, long size) throws IOException {
        Path raw = mixedDisk(size, 1).writeRaw(folder.resolve("disk.raw"));
        Path vhd = folder.resolve("disk.vhd");
        QemuImg.convert(raw, "raw", vhd, "vpc", "subformat=" + subformat, "force_size=on");

        try (DiskImage image = DiskImages.open(vhd)) {
            assertThat(image.format()).isEqualTo(ImageFormat.VHD);
            assertThat(image.info().subformat()).isEqualTo(subformat);
            assertThat(image.virtualSize()).isEqualTo(qemuVirtualSize(vhd)).isEqualTo(size);
            ImageAssertions.assertSameContent(image, raw);
            assertUnalignedReadsMatch(image, raw);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dynamic", "fixed" })
    void readsEmptyAndFullDisks(String subformat) throws IOException {
        for (Content content : new Content[] { Content.ZERO, Content.RANDOM }) {
            long size = 5 * MIB;
            SyntheticDisk disk = SyntheticDisk.ofSize(size);
            if (content != Content.ZERO) {
                disk.with(0, size, content);
            }
            Path raw = disk.writeRaw(folder.resolve(content + ".raw"));
            Path vhd = folder.resolve(content + "-" + subformat + ".vhd");
            QemuImg.convert(raw, "raw", vhd, "vpc", "subformat=" + subformat, "force_size=on");
            try (DiskImage image = DiskImages.open(vhd)) {
                ImageAssertions.assertSameContent(image, raw);
                if (content == Content.ZERO && subformat.equals("dynamic")) {
                    assertThat(image.extent(0, size)).isEqualTo(Extent.zeros(0, size));
                }
            }
        }
    }

    @Test
    void sizesVirtualPcStyleImagesByTheirGeometryAsQemuDoes() throws IOException {
        Path vhd = folder.resolve("chs.vhd");
        QemuImg.create(vhd, "vpc", 10 * MIB + 12345); // no force_size: creator "qemu", size from CHS

        try (DiskImage image = DiskImages.open(vhd)) {
            assertThat(image.virtualSize()).isEqualTo(qemuVirtualSize(vhd));
            assertThat(image.info().details()).containsEntry("size from", "CHS geometry");
        }
    }

    @Test
    void readsDifferencingDiskThroughItsParentAndSectorBitmaps() throws Exception {
        long size = 6 * MIB + 3 * 512;
        Path parentRaw = SyntheticDisk.ofSize(size).with(0, size, Content.TEXT).writeRaw(folder.resolve("p.raw"));
        Path childRaw = SyntheticDisk.ofSize(size).with(100_000, 1_500_000, Content.RANDOM)
                .with(4 * MIB + 4096, 8192, Content.RANDOM).writeRaw(folder.resolve("c.raw"));
        Path parent = folder.resolve("parent.vhd");
        Path child = folder.resolve("child.vhd");
        QemuImg.convert(parentRaw, "raw", parent, "vpc", "subformat=dynamic", "force_size=on");
        QemuImg.convert(childRaw, "raw", child, "vpc", "subformat=dynamic", "force_size=on");
        assertThat(VhdFileSurgery.batEntry(child, 1)).isEqualTo(-1); // block 1 comes from the parent
        VhdFileSurgery.clearBitmapBits(child, 0, 0, 8);
        VhdFileSurgery.clearBitmapBits(child, 0, 300, 1000);
        VhdFileSurgery.clearBitmapBits(child, 2, 0, 4096);
        VhdFileSurgery.makeDifferencing(child, ".\\parent.vhd", "C:\\VMs\\parent.vhd",
                VhdFileSurgery.footer(parent).uniqueId());
        Path expected = expectedDifferencingContent(child, parentRaw, childRaw, size);

        try (DiskImage image = DiskImages.open(child)) {
            assertThat(image.info().subformat()).isEqualTo("differencing");
            ImageAssertions.assertSameContent(image, expected);
            assertUnalignedReadsMatch(image, expected);
            TestDisks.assertParallelReadsMatch(image, expected);
        }
    }

    @Test
    void refusesParentWithAnotherUniqueId() throws IOException {
        Path child = differencingPair("other.vhd", "other.vhd", UUID.randomUUID());

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("unique id");
    }

    @Test
    void refusesParentLocatorThatEscapesTheFolder() throws IOException {
        Path secret = Files.createDirectories(folder.resolve("secret"));
        Path parent = secret.resolve("parent.vhd");
        QemuImg.create(parent, "vpc", 2 * MIB, "force_size=on");
        Path child = folder.resolve("child.vhd");
        QemuImg.create(child, "vpc", 2 * MIB, "force_size=on");
        VhdFileSurgery.makeDifferencing(child, "secret\\..\\..\\" + folder.getFileName() + "-x\\parent.vhd",
                "parent.vhd", VhdFileSurgery.footer(parent).uniqueId());

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("outside its folder");
    }

    @Test
    void refusesDifferencingDiskThatIsItsOwnParent() throws IOException {
        Path child = folder.resolve("loop.vhd");
        QemuImg.create(child, "vpc", 2 * MIB, "force_size=on");
        VhdFileSurgery.makeDifferencing(child, "loop.vhd", "loop.vhd", VhdFileSurgery.footer(child).uniqueId());

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("loops back");
    }

    @Test
    void refusesTwoDisksThatAreEachOthersParent() throws IOException {
        Path a = folder.resolve("a.vhd");
        Path b = folder.resolve("b.vhd");
        QemuImg.create(a, "vpc", 2 * MIB, "force_size=on");
        QemuImg.create(b, "vpc", 2 * MIB, "force_size=on");
        UUID aId = VhdFileSurgery.footer(a).uniqueId();
        UUID bId = VhdFileSurgery.footer(b).uniqueId();
        VhdFileSurgery.makeDifferencing(a, "b.vhd", "b.vhd", bId);
        VhdFileSurgery.makeDifferencing(b, "a.vhd", "a.vhd", aId);

        assertThatThrownBy(() -> DiskImages.open(a)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("loops back");
    }

    @Test
    void refusesFixedDiskWithWrongFooterChecksum() throws IOException {
        Path vhd = qemuImage("fixed", 2 * MIB);
        long footerOffset = Files.size(vhd) - 512;
        VhdFileSurgery.flipByte(vhd, footerOffset + 100);

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(footerOffset)).hasMessageContaining("checksum");
    }

    @Test
    void fallsBackToTheFooterCopyWhenOnlyTheEndFooterIsDamaged() throws IOException {
        Path raw = mixedDisk(3 * MIB, 3).writeRaw(folder.resolve("d.raw"));
        Path vhd = folder.resolve("d.vhd");
        QemuImg.convert(raw, "raw", vhd, "vpc", "subformat=dynamic", "force_size=on");
        VhdFileSurgery.flipByte(vhd, Files.size(vhd) - 512 + 100);

        try (DiskImage image = DiskImages.open(vhd)) {
            assertThat(image.info().warnings()).anyMatch(w -> w.contains("copy at offset 0"));
            ImageAssertions.assertSameContent(image, raw);
        }
    }

    @Test
    void refusesDynamicDiskWhoseFootersAreBothDamaged() throws IOException {
        Path vhd = qemuImage("dynamic", 2 * MIB);
        VhdFileSurgery.flipByte(vhd, Files.size(vhd) - 512 + 100);
        VhdFileSurgery.flipByte(vhd, 100);

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("footer checksum");
    }

    @Test
    void refusesDynamicHeaderWithWrongChecksum() throws IOException {
        Path vhd = qemuImage("dynamic", 2 * MIB);
        VhdFileSurgery.flipByte(vhd, 512 + 900);

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(512)).hasMessageContaining("header checksum");
    }

    @Test
    void refusesBlockAllocatedPastTheEndOfTheFile() throws IOException {
        Path vhd = qemuImage("dynamic", 4 * MIB);
        VhdFileSurgery.setBatEntry(vhd, 1, (int) (Files.size(vhd) / 512));
        long entryOffset = VhdFileSurgery.header(vhd).tableOffset() + 4;

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(entryOffset)).hasMessageContaining("BAT entry 1");
    }

    @Test
    void refusesOverlappingBlocks() throws IOException {
        Path vhd = qemuImage("dynamic", 4 * MIB);
        int first = VhdFileSurgery.batEntry(vhd, 0);
        VhdFileSurgery.setBatEntry(vhd, 1, first + 8);

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void refusesBlockOverlappingTheAllocationTable() throws IOException {
        Path vhd = qemuImage("dynamic", 2 * MIB);
        VhdFileSurgery.setBatEntry(vhd, 0, 3); // the BAT starts at sector 3

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("overlaps the");
    }

    @ParameterizedTest(name = "block size {0}")
    @CsvSource({ "3", "0", "1073741824", "-2147483648" })
    void refusesAbsurdBlockSizes(int blockSize) throws IOException {
        Path vhd = qemuImage("dynamic", 2 * MIB);
        VhdDynamicHeader header = VhdFileSurgery.header(vhd);
        VhdFileSurgery.writeHeader(vhd, new VhdDynamicHeader(header.tableOffset(), header.maxTableEntries(),
                blockSize, header.parentUniqueId(), 0, "", header.parentLocators()));

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(512 + 32)).hasMessageContaining("block size");
    }

    @Test
    void refusesAllocationTableBeyondTheFile() throws IOException {
        Path vhd = qemuImage("dynamic", 2 * MIB);
        VhdDynamicHeader header = VhdFileSurgery.header(vhd);
        VhdFileSurgery.writeHeader(vhd, new VhdDynamicHeader(1L << 40, header.maxTableEntries(),
                header.blockSize(), header.parentUniqueId(), 0, "", header.parentLocators()));

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOfSatisfying(ImageFormatException.class,
                e -> assertThat(e.fileOffset()).isEqualTo(1L << 40)).hasMessageContaining("beyond the end");
    }

    @Test
    void refusesTooFewAllocationTableEntriesAndDisksOverTheSizeLimit() throws IOException {
        Path vhd = qemuImage("dynamic", 4 * MIB);
        VhdDynamicHeader header = VhdFileSurgery.header(vhd);
        VhdFileSurgery.writeHeader(vhd, new VhdDynamicHeader(header.tableOffset(), 1, header.blockSize(),
                header.parentUniqueId(), 0, "", header.parentLocators()));
        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("needs 2");

        Path huge = qemuImage("dynamic", 2 * MIB);
        VhdFooter footer = VhdFileSurgery.footer(huge);
        VhdFileSurgery.writeFooter(huge, new VhdFooter(footer.dataOffset(), footer.timestamp(),
                footer.creatorApplication(), footer.creatorVersion(), footer.creatorHostOs(), 1L << 50, 1L << 50,
                footer.geometry(), footer.diskType(), footer.uniqueId(), false));
        assertThatThrownBy(() -> DiskImages.open(huge)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("2,040 GiB");
    }

    @Test
    void refusesAllocationTablesTooLargeToHoldInMemory() throws IOException {
        Path vhd = qemuImage("dynamic", 2 * MIB);
        VhdFooter footer = VhdFileSurgery.footer(vhd);
        VhdFileSurgery.writeFooter(vhd, new VhdFooter(footer.dataOffset(), footer.timestamp(),
                footer.creatorApplication(), footer.creatorVersion(), footer.creatorHostOs(), 2040L << 30,
                2040L << 30, footer.geometry(), footer.diskType(), footer.uniqueId(), false));
        VhdDynamicHeader header = VhdFileSurgery.header(vhd);
        VhdFileSurgery.writeHeader(vhd, new VhdDynamicHeader(header.tableOffset(), -1, 512,
                header.parentUniqueId(), 0, "", header.parentLocators()));

        assertThatThrownBy(() -> DiskImages.open(vhd)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("more than the 4194304 supported");
    }

    private Path qemuImage(String subformat, long size) throws IOException {
        Path raw = mixedDisk(size, 7).writeRaw(folder.resolve("source-" + size + "-" + subformat + ".raw"));
        Path vhd = folder.resolve(subformat + "-" + size + ".vhd");
        QemuImg.convert(raw, "raw", vhd, "vpc", "subformat=" + subformat, "force_size=on");
        return vhd;
    }

    private Path differencingPair(String parentFile, String locator, UUID parentId) throws IOException {
        QemuImg.create(folder.resolve(parentFile), "vpc", 2 * MIB, "force_size=on");
        Path child = folder.resolve("child.vhd");
        QemuImg.create(child, "vpc", 2 * MIB, "force_size=on");
        VhdFileSurgery.makeDifferencing(child, locator, parentFile, parentId);
        return child;
    }

    static SyntheticDisk mixedDisk(long size, long seed) {
        return TestDisks.mixed(size, seed, 300_000);
    }

    static long qemuVirtualSize(Path image) {
        return TestDisks.qemuVirtualSize(image, "vpc");
    }

    static void assertUnalignedReadsMatch(DiskImage image, Path raw) throws IOException {
        TestDisks.assertUnalignedReadsMatch(image, raw);
    }

    /** What the differencing disk must read as: per sector, the child's bytes where its bitmap says so. */
    private Path expectedDifferencingContent(Path child, Path parentRaw, Path childRaw, long size)
            throws IOException {
        Path expected = folder.resolve("expected.raw");
        Files.copy(parentRaw, expected);
        VhdDynamicHeader header = VhdFileSurgery.header(child);
        int blockSize = header.blockSize();
        try (FileChannel out = FileChannel.open(expected, StandardOpenOption.WRITE);
                FileChannel in = FileChannel.open(childRaw, StandardOpenOption.READ)) {
            for (int block = 0; (long) block * blockSize < size; block++) {
                int entry = VhdFileSurgery.batEntry(child, block);
                if (entry == -1) {
                    continue;
                }
                ByteBuffer bitmap = VhdFileSurgery.read(child, Integer.toUnsignedLong(entry) * 512,
                        header.bitmapSize());
                for (int sector = 0; sector < blockSize / 512; sector++) {
                    long offset = (long) block * blockSize + sector * 512L;
                    boolean present = (bitmap.get(sector / 8) & (0x80 >>> (sector % 8))) != 0;
                    if (present && offset < size) {
                        ByteBuffer data = ByteBuffer.allocate(512);
                        in.read(data, offset);
                        out.write(data.flip(), offset);
                    }
                }
            }
        }
        return expected;
    }
}
