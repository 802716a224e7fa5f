package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;

/** A range of a file read as a file of its own, as a disk inside an OVA is. */
class ByteRangeSourceTest {

    @TempDir
    Path folder;

    @Test
    void readsOnlyTheRangeAndEndsWhereItEnds() throws IOException {
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Path file = Files.write(folder.resolve("container"), content);
        try (ByteSource range = ByteRangeSource.of(FileByteSource.open(file), 100, 300, "member")) {
            assertThat(range.size()).isEqualTo(300);
            ByteBuffer buffer = ByteBuffer.allocate(500);
            int read = range.read(250, buffer);
            assertThat(read).isEqualTo(50);
            assertThat(buffer.position()).isEqualTo(50);
            assertThat(buffer.get(0)).isEqualTo((byte) 350);
            assertThat(buffer.get(49)).isEqualTo((byte) 399);
            assertThat(range.read(300, ByteBuffer.allocate(10))).isEqualTo(-1);
            assertThatThrownBy(() -> range.readFully(290, ByteBuffer.allocate(20)))
                    .isInstanceOf(EOFException.class);
            assertThat(range.describe()).endsWith("container [member]");
        }
    }

    @Test
    void refusesARangeOutsideItsContainer() throws IOException {
        Path file = Files.write(folder.resolve("small"), new byte[100]);
        for (long[] range : new long[][] { { 50, 51 }, { -1, 10 }, { 101, 0 }, { 10, Long.MAX_VALUE } }) {
            assertThatThrownBy(() -> ByteRangeSource.of(FileByteSource.open(file), range[0], range[1], "m"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("outside");
        }
    }

    @Test
    void anImageStoredInsideAnotherFileOpensAndReadsAsItself() throws IOException {
        Path raw = SyntheticDisk.scattered(8 << 20, 7, 0.4, 0.3, 4096, 1 << 20).writeRaw(folder.resolve("disk.raw"));
        Path qcow2 = folder.resolve("disk.qcow2");
        QemuImg.convert(raw, "raw", qcow2, "qcow2");
        byte[] image = Files.readAllBytes(qcow2);
        byte[] padded = new byte[1536 + image.length + 700];
        System.arraycopy(image, 0, padded, 1536, image.length);
        Path container = Files.write(folder.resolve("container.tar"), padded);

        try (DiskImage inside = DiskImages.open(ByteRangeSource.of(FileByteSource.open(container), 1536,
                image.length, "disk.qcow2")); DiskImage original = DiskImages.open(raw)) {
            assertThat(inside.format()).isEqualTo(ImageFormat.QCOW2);
            ByteBuffer expected = ByteBuffer.allocate(8 << 20);
            ByteBuffer actual = ByteBuffer.allocate(8 << 20);
            original.read(0, expected);
            inside.read(0, actual);
            assertThat(actual.flip().mismatch(expected.flip())).isEqualTo(-1);
        }
    }
}
