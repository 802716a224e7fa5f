package dev.ferry.disk.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.testing.FileBytes;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.vhd.TestDisks;

/**
 * Differencing VHDX files, which qemu can neither make nor read: the child is a qemu-made dynamic VHDX turned into a
 * differencing one, and the expected content is assembled per sector from the raw disks of parent and child.
 */
class VhdxDifferencingTest {

    private static final long MIB = 1 << 20;
    private static final long SIZE = 6 * MIB;
    private static final int SECTORS_PER_BLOCK = 2048; // 1 MiB blocks of 512-byte sectors
    private static final long CHUNK_RATIO = 4096;

    @TempDir
    Path folder;

    @Test
    void readsThroughTheParentWhereBlocksAndSectorsAreNotPresent() throws Exception {
        Path parentRaw = SyntheticDisk.ofSize(SIZE).with(0, SIZE, Content.TEXT).writeRaw(folder.resolve("p.raw"));
        Path childRaw = SyntheticDisk.ofSize(SIZE).with(0, 300_000, Content.RANDOM)
                .with(2 * MIB, MIB, Content.RANDOM).with(3 * MIB + 4096, 8192, Content.RANDOM)
                .with(5 * MIB, 100_000, Content.RANDOM).writeRaw(folder.resolve("c.raw"));
        Path parent = convert(parentRaw, "parent.vhdx");
        Path child = convert(childRaw, "child.vhdx");
        VhdxFileSurgery.makeDifferencing(child, VhdxFileSurgery.locator(parent, ".\\parent.vhdx"));
        // Blocks 1 and 4 (qemu marks them zero) are not present: they come from the parent.
        VhdxFileSurgery.setBatEntry(child, 1, VhdxBlockTable.NOT_PRESENT);
        VhdxFileSurgery.setBatEntry(child, 4, VhdxBlockTable.NOT_PRESENT);
        // Block 2: partially present, sectors 0-99 and 1000-1499 here, the rest from the parent.
        long bitmapBlock = Files.size(child);
        Files.write(child, new byte[(int) MIB], StandardOpenOption.APPEND);
        ByteBuffer bits = ByteBuffer.allocate(SECTORS_PER_BLOCK / 8);
        setBits(bits, 0, 100);
        setBits(bits, 1000, 500);
        FileBytes.write(child, bitmapBlock + 2 * bits.capacity(), bits);
        VhdxFileSurgery.setBatEntry(child, CHUNK_RATIO, bitmapBlock | VhdxBlockTable.BITMAP_PRESENT);
        VhdxFileSurgery.setBatEntry(child, 2, VhdxFileSurgery.batEntry(child, 2) & ~7L
                | VhdxBlockTable.PARTIALLY_PRESENT);
        // Block 3: explicitly zero, which hides the parent's data.
        VhdxFileSurgery.setBatEntry(child, 3, VhdxBlockTable.ZERO);
        Path expected = expectedContent(child, parentRaw, childRaw, bits);

        try (DiskImage image = DiskImages.open(child)) {
            assertThat(image.info().subformat()).isEqualTo("differencing");
            assertThat(image.info().backing()).isEqualTo("./parent.vhdx");
            ImageAssertions.assertSameContent(image, expected);
            TestDisks.assertUnalignedReadsMatch(image, expected);
            TestDisks.assertParallelReadsMatch(image, expected);
        }
    }

    @Test
    void refusesAParentWhoseDataChangedSinceTheChildWasMade() throws IOException {
        Path parent = convert(SyntheticDisk.ofSize(SIZE).writeRaw(folder.resolve("p.raw")), "parent.vhdx");
        Path child = convert(SyntheticDisk.ofSize(SIZE).writeRaw(folder.resolve("c.raw")), "child.vhdx");
        Map<String, String> locator = VhdxFileSurgery.locator(parent, "parent.vhdx");
        locator.put("parent_linkage", "{00000000-1111-2222-3333-444444444444}");
        VhdxFileSurgery.makeDifferencing(child, locator);

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("data write GUID");
    }

    @Test
    void refusesAParentLocatorThatEscapesTheFolder() throws IOException {
        Path elsewhere = Files.createDirectories(folder.resolve("elsewhere"));
        Path parent = convert(SyntheticDisk.ofSize(SIZE).writeRaw(folder.resolve("p.raw")), "elsewhere/parent.vhdx");
        Path child = convert(SyntheticDisk.ofSize(SIZE).writeRaw(folder.resolve("c.raw")), "sub/child.vhdx");
        VhdxFileSurgery.makeDifferencing(child, VhdxFileSurgery.locator(parent, "..\\elsewhere\\parent.vhdx"));
        assertThat(elsewhere.resolve("parent.vhdx")).exists();

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("outside its folder");
    }

    @Test
    void refusesABlockPastTheEndOfTheDiskMarkedPresent() throws IOException {
        // Found by VhdxFuzzTest: a differencing disk's table runs to the end of its chunk, past the disk's 6 blocks.
        Path parent = convert(SyntheticDisk.ofSize(SIZE).writeRaw(folder.resolve("p.raw")), "parent.vhdx");
        Path child = convert(SyntheticDisk.ofSize(SIZE).with(0, SIZE, Content.TEXT).writeRaw(folder.resolve("c.raw")),
                "child.vhdx");
        VhdxFileSurgery.makeDifferencing(child, VhdxFileSurgery.locator(parent, "parent.vhdx"));
        VhdxFileSurgery.setBatEntry(child, 6, VhdxFileSurgery.batEntry(child, 0));

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("payload block 6 lies past the end of the virtual disk");
    }

    @Test
    void refusesADiskThatIsItsOwnParent() throws IOException {
        Path child = convert(SyntheticDisk.ofSize(SIZE).writeRaw(folder.resolve("c.raw")), "loop.vhdx");
        VhdxFileSurgery.makeDifferencing(child, VhdxFileSurgery.locator(child, "loop.vhdx"));

        assertThatThrownBy(() -> DiskImages.open(child)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("loops back");
    }

    private Path convert(Path raw, String name) throws IOException {
        Path vhdx = folder.resolve(name);
        Files.createDirectories(vhdx.getParent());
        QemuImg.convert(raw, "raw", vhdx, "vhdx", "subformat=dynamic", "block_size=1048576");
        return vhdx;
    }

    private static void setBits(ByteBuffer bits, int first, int count) {
        for (int sector = first; sector < first + count; sector++) {
            bits.put(sector / 8, (byte) (bits.get(sector / 8) | 1 << (sector % 8)));
        }
    }

    /** Per block: the child's data if present, the parent's if not, zeros if zero; block 2 sector by sector. */
    private Path expectedContent(Path child, Path parentRaw, Path childRaw, ByteBuffer block2Bits)
            throws IOException {
        Path expected = Files.copy(parentRaw, folder.resolve("expected.raw"));
        try (FileChannel out = FileChannel.open(expected, StandardOpenOption.WRITE);
                FileChannel in = FileChannel.open(childRaw, StandardOpenOption.READ)) {
            for (long block = 0; block * MIB < SIZE; block++) {
                int state = VhdxBlockTable.state(VhdxFileSurgery.batEntry(child, block));
                for (int sector = 0; sector < SECTORS_PER_BLOCK; sector++) {
                    long offset = block * MIB + sector * 512L;
                    boolean fromChild = state == VhdxBlockTable.FULLY_PRESENT
                            || state == VhdxBlockTable.PARTIALLY_PRESENT
                                    && (block2Bits.get(sector / 8) & 1 << (sector % 8)) != 0;
                    if (state == VhdxBlockTable.ZERO) {
                        out.write(ByteBuffer.allocate(512), offset);
                    } else if (fromChild) {
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
