package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.testing.FileBytes;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.vhd.TestDisks;

/**
 * Damages the metadata of a dynamic VHDX at random, with checksums recomputed so that the damage gets past them, and
 * checks that opening and reading either works or fails with an IOException: never another exception, never a hang.
 */
class VhdxCorruptionTest {

    private static final int ROUNDS = 300;
    private static final long[] EXTREMES = { 0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1, 7, 1 << 20, 6 | 1L << 20,
            0xFFFFFFFFL, 1L << 40 };

    @TempDir
    Path folder;

    @Test
    void damagedMetadataFailsCleanly() throws IOException {
        Path raw = TestDisks.mixed(6 << 20, 5, 300_000).writeRaw(folder.resolve("d.raw"));
        Path pristine = folder.resolve("pristine.vhdx");
        QemuImg.convert(raw, "raw", pristine, "vhdx", "subformat=dynamic", "block_size=1048576");
        long metadata = VhdxFileSurgery.metadataOffset(pristine);
        long bat = VhdxFileSurgery.batOffset(pristine);
        long[][] targets = {
                { VhdxHeader.FIRST_OFFSET, 80 }, { VhdxHeader.SECOND_OFFSET, 80 },
                { VhdxRegionTable.FIRST_OFFSET, 16 + 64 }, { metadata, 32 + 5 * 32 }, { metadata + 65536, 64 },
                { bat, 8 * 16 } };
        Path damaged = folder.resolve("damaged.vhdx");
        SplittableRandom random = new SplittableRandom(7);

        for (int round = 0; round < ROUNDS; round++) {
            Files.copy(pristine, damaged, StandardCopyOption.REPLACE_EXISTING);
            int fields = random.nextInt(1, 4);
            for (int i = 0; i < fields; i++) {
                long[] target = targets[random.nextInt(targets.length)];
                long at = target[0] + random.nextLong(0, target[1]);
                boolean wide = random.nextBoolean();
                at -= at % (wide ? 8 : 4);
                long value = random.nextBoolean() ? EXTREMES[random.nextInt(EXTREMES.length)] : random.nextLong();
                ByteBuffer bytes = ByteBuffer.allocate(wide ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
                if (wide) {
                    bytes.putLong(0, value);
                } else {
                    bytes.putInt(0, (int) value);
                }
                FileBytes.write(damaged, at, bytes);
            }
            fixChecksums(damaged);
            TestDisks.assertReadsOrFailsCleanly(damaged, "round " + round);
        }
    }

    private static void fixChecksums(Path file) throws IOException {
        for (long at : new long[] { VhdxHeader.FIRST_OFFSET, VhdxHeader.SECOND_OFFSET }) {
            ByteBuffer header = FileBytes.read(file, at, VhdxHeader.SIZE);
            VhdxChecksum.store(header, 4);
            FileBytes.write(file, at, header);
        }
        for (long at : new long[] { VhdxRegionTable.FIRST_OFFSET, VhdxRegionTable.SECOND_OFFSET }) {
            ByteBuffer table = FileBytes.read(file, at, VhdxRegionTable.SIZE);
            VhdxChecksum.store(table, 4);
            FileBytes.write(file, at, table);
        }
    }
}
