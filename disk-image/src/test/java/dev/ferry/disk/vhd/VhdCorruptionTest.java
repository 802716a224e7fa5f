package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.testing.FileBytes;
import dev.ferry.disk.testing.QemuImg;

/**
 * Damages the metadata of a dynamic VHD at random, with checksums recomputed so that the damage gets past them, and
 * checks that opening and reading either works or fails with an IOException: never another exception, never a hang.
 */
class VhdCorruptionTest {

    private static final int ROUNDS = 300;
    private static final int[] EXTREMES = { 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1, 512, 0x00200000 };

    @TempDir
    Path folder;

    @Test
    void damagedMetadataFailsCleanly() throws IOException {
        Path raw = TestDisks.mixed(5 << 20, 3, 200_000).writeRaw(folder.resolve("d.raw"));
        Path pristine = folder.resolve("pristine.vhd");
        QemuImg.convert(raw, "raw", pristine, "vpc", "subformat=dynamic", "force_size=on");
        long footerOffset = Files.size(pristine) - 512;
        long metadataEnd = VhdFileSurgery.header(pristine).tableOffset() + 4 * 3;
        Path damaged = folder.resolve("damaged.vhd");
        SplittableRandom random = new SplittableRandom(42);

        for (int round = 0; round < ROUNDS; round++) {
            Files.copy(pristine, damaged, StandardCopyOption.REPLACE_EXISTING);
            int fields = random.nextInt(1, 4);
            for (int i = 0; i < fields; i++) {
                boolean inFooter = random.nextBoolean();
                long at = inFooter ? footerOffset + random.nextInt(0, 128) : random.nextLong(0, metadataEnd);
                at -= at % 4;
                ByteBuffer value = ByteBuffer.allocate(4).putInt(0, random.nextBoolean()
                        ? EXTREMES[random.nextInt(EXTREMES.length)]
                        : random.nextInt());
                FileBytes.write(damaged, at, value);
            }
            fixChecksums(damaged, footerOffset);
            TestDisks.assertReadsOrFailsCleanly(damaged, "round " + round);
        }
    }

    private static void fixChecksums(Path file, long footerOffset) throws IOException {
        for (long at : new long[] { 0, footerOffset }) {
            ByteBuffer footer = FileBytes.read(file, at, 512);
            footer.putInt(64, VhdChecksum.compute(footer, 64));
            FileBytes.write(file, at, footer);
        }
        ByteBuffer header = FileBytes.read(file, 512, 1024);
        header.putInt(36, VhdChecksum.compute(header, 36));
        FileBytes.write(file, 512, header);
    }
}
