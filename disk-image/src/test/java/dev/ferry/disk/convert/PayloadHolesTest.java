package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.QemuImg;

/**
 * qemu-img writes only the data of a dynamic VHD's or VHDX's block and leaves the rest of the block a hole in the
 * file; converting such an image reads the data and skips the holes, block by block.
 */
class PayloadHolesTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = { "vpc", "vhdx" })
    void holesInsideAllocatedBlocksAreNotRead(String qemuFormat) throws IOException {
        Path raw = dir.resolve("guest.raw");
        // 256 KiB of data at 1 MiB and at 9 MiB + 4 KiB: two blocks, each mostly a hole.
        try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
            file.setLength(16 * MIB);
            file.getChannel().write(randomBytes(256 << 10), MIB);
            file.getChannel().write(randomBytes(256 << 10), 9 * MIB + 4096);
        }
        Path image = dir.resolve("image." + qemuFormat);
        QemuImg.convert(raw, "raw", image, qemuFormat, "subformat=dynamic");
        try (FileByteSource probe = FileByteSource.open(image)) {
            assumeThat(probe.holesKnown()).as("the kernel answers SEEK_DATA here").isTrue();
        }
        Path target = dir.resolve("copy.raw");

        ConversionResult result;
        try (DiskImage source = DiskImages.open(image)) {
            result = new ImageConverter(ConversionOptions.builder().targetFormat(ImageFormat.RAW).build())
                    .convert(source, target);
        }

        // The data, give or take the file system's blocks at each run's ends (a VHD's sectors are not aligned to
        // them), and far less than the two 2 MiB blocks that hold it.
        assertThat(result.bytesRead()).isBetween(2L * (256 << 10), 2L * (256 << 10) + 4 * 8192);
        assertThat(QemuImg.compare(raw, "raw", target, "raw").ok()).isTrue();
    }

    private static ByteBuffer randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
