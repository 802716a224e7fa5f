package dev.ferry.disk.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SimpleCopy;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;

class RawImageWriterTest {

    private static final int MiB = 1 << 20;

    private final RawWriterFactory factory = new RawWriterFactory();

    @TempDir
    Path folder;

    @Test
    void copyOfAScatteredDiskOfOddSizeReadsLikeTheSource() throws IOException {
        Path source = SyntheticDisk.scattered(6 * MiB + 1000, 7, 0.4, 0.3, 1000, 300_000)
                .with(0, 512, Content.RANDOM)
                .with(6 * MiB + 1000 - 512, 512, Content.TEXT)
                .writeRaw(folder.resolve("source.raw"));
        Path target = folder.resolve("target.raw");

        copy(source, target);

        assertThat(QemuImg.compare(source, "raw", target, "raw").ok()).isTrue();
        try (DiskImage written = DiskImages.open(target)) {
            ImageAssertions.assertSameContent(written, source);
        }
    }

    @Test
    void zerosAreLeftAsHolesNotWritten() throws IOException {
        Path source = SyntheticDisk.ofSize(32 * MiB)
                .with(MiB, 64 * 1024, Content.RANDOM)
                .with(20 * MiB, 4096, Content.TEXT)
                .writeRaw(folder.resolve("source.raw"));
        Path target = folder.resolve("target.raw");

        copy(source, target);

        assertThat(Files.size(target)).isEqualTo(32 * MiB);
        assertThat(actualSize(target)).isLessThanOrEqualTo(MiB);
        assertThat(QemuImg.compare(source, "raw", target, "raw").ok()).isTrue();
    }

    @Test
    void emptyDiskBecomesAnEmptyFile() throws IOException {
        Path target = folder.resolve("empty.raw");
        try (DiskImageWriter writer = factory.create(target, 0, WriteOptions.defaults())) {
            writer.finish(true);
        }
        assertThat(Files.size(target)).isZero();
    }

    @Test
    void diskWithNothingCommittedIsOneHoleOfTheVirtualSize() throws IOException {
        Path target = folder.resolve("blank.raw");
        try (DiskImageWriter writer = factory.create(target, 8 * MiB + 3, WriteOptions.defaults())) {
            writer.finish(true);
        }
        assertThat(Files.size(target)).isEqualTo(8 * MiB + 3);
        assertThat(actualSize(target)).isZero();
    }

    @Test
    void resumingFromACheckpointAfterACrashGivesTheSameBytesAsAnUninterruptedRun() throws IOException {
        long size = 10 * MiB + 4096 + 100;
        Path source = SyntheticDisk.scattered(size, 11, 0.5, 0.3, 4096, 500_000)
                .writeRaw(folder.resolve("source.raw"));
        Path clean = folder.resolve("clean.raw");
        copy(source, clean);

        Path resumed = folder.resolve("resumed.raw");
        byte[] state;
        try (DiskImage image = DiskImages.open(source)) {
            DiskImageWriter first = factory.create(resumed, size, WriteOptions.defaults());
            SimpleCopy.copy(image, first, 0, 4 * MiB);
            state = first.checkpoint();
            // Work after the checkpoint that a crash loses: it must not survive into the resumed file.
            SimpleCopy.copy(image, first, 4 * MiB, 7 * MiB);
            first.close();
            try (DiskImageWriter second = factory.resume(resumed, state)) {
                SimpleCopy.copy(image, second, 4 * MiB, size);
                second.finish(true);
            }
        }

        assertThat(Files.mismatch(clean, resumed)).isEqualTo(-1);
        assertThat(QemuImg.compare(source, "raw", resumed, "raw").ok()).isTrue();
    }

    @Test
    void resumeDiscardsDataWrittenAfterTheCheckpointEvenWhereNothingIsRewritten() throws IOException {
        Path target = folder.resolve("target.raw");
        byte[] state;
        try (DiskImageWriter writer = factory.create(target, 3 * 4096, WriteOptions.defaults())) {
            writer.commit(writer.encode(0, filled(4096, 1)));
            state = writer.checkpoint();
            writer.commit(writer.encode(4096, filled(4096, 2)));
        }
        try (DiskImageWriter writer = factory.resume(target, state)) {
            writer.commit(writer.encode(2 * 4096, filled(4096, 3)));
            writer.finish(true);
        }
        byte[] content = Files.readAllBytes(target);
        assertThat(content).hasSize(3 * 4096);
        assertThat(content[0]).isEqualTo((byte) 1);
        assertThat(content[4096]).isZero();
        assertThat(content[2 * 4096]).isEqualTo((byte) 3);
    }

    @Test
    void commitsMustAscendAndBeAligned() throws IOException {
        try (DiskImageWriter writer = factory.create(folder.resolve("target.raw"), 4 * 4096, WriteOptions.defaults())) {
            writer.commit(writer.encode(2 * 4096, filled(4096, 1)));
            assertThatThrownBy(() -> writer.commit(writer.encode(4096, filled(4096, 1))))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.encode(3 * 4096 + 512, filled(512, 1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.encode(3 * 4096, filled(2 * 4096, 1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesToReplaceAnExistingFile() throws IOException {
        Path existing = Files.write(folder.resolve("existing.raw"), new byte[] { 1 });
        assertThatThrownBy(() -> factory.create(existing, 4096, WriteOptions.defaults()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(existing)).containsExactly(1);
    }

    @Test
    void refusesOptionsRawDoesNotHave() {
        Path target = folder.resolve("target.raw");
        assertThatThrownBy(() -> factory.create(target, 4096, WriteOptions.subformat("fixed")))
                .hasMessageContaining("sparse");
        assertThatThrownBy(() -> factory.create(target, 4096, new WriteOptions(null, 65536, null)))
                .hasMessageContaining("block size");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesAStateItDidNotWrite() throws IOException {
        Path target = Files.createFile(folder.resolve("target.raw"));
        assertThatThrownBy(() -> factory.resume(target, new byte[] { 9, 9, 9 }))
                .isInstanceOf(ImageFormatException.class);
    }

    private void copy(Path source, Path target) throws IOException {
        try (DiskImage image = DiskImages.open(source);
                DiskImageWriter writer = factory.create(target, image.virtualSize(), WriteOptions.defaults())) {
            SimpleCopy.copyAll(image, writer);
        }
    }

    private static ByteBuffer filled(int length, int value) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            buffer.put((byte) value);
        }
        return buffer.flip();
    }

    /** Bytes the file occupies on disk, as qemu-img reports them. */
    private static long actualSize(Path file) {
        Matcher matcher = Pattern.compile("\"actual-size\":\\s*(\\d+)").matcher(QemuImg.infoJson(file, "raw"));
        assertThat(matcher.find()).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
