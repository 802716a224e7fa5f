package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.convert.ConversionOptions;
import dev.ferry.disk.convert.ConversionResult;
import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.disk.raw.RawImage;

class FileByteSourceHolesTest {

    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aSparseFileReportsItsHolesAndItsDataRunByRun() throws IOException {
        Path file = sparseFile(16 * MIB, 4 * MIB, 2 * MIB);
        try (FileByteSource source = FileByteSource.open(file)) {
            assumeThat(source.holesKnown()).as("the kernel answers SEEK_DATA here").isTrue();

            assertThat(source.allocation(0, 16 * MIB)).containsExactly(Extent.zeros(0, 4 * MIB),
                    Extent.data(4 * MIB, 12 * MIB));
            assertThat(source.allocation(4 * MIB, 12 * MIB)).containsExactly(Extent.data(4 * MIB, 2 * MIB),
                    Extent.data(6 * MIB, 10 * MIB));
            assertThat(source.allocation(6 * MIB, 10 * MIB)).containsExactly(Extent.zeros(6 * MIB, 10 * MIB));
            assertThat(source.allocation(5 * MIB, MIB)).containsExactly(Extent.data(5 * MIB, MIB));
        }
    }

    @Test
    void aClosedSourceNoLongerClaimsToKnowItsHoles() throws IOException {
        Path file = sparseFile(8 * MIB, 0, MIB);
        FileByteSource source = FileByteSource.open(file);
        source.close();

        assertThat(source.holesKnown()).isFalse();
        assertThat(source.allocation(0, 8 * MIB)).containsExactly(Extent.data(0, 8 * MIB));
    }

    @Test
    void convertingASparseRawFileSkipsItsHolesWithoutReadingThem() throws IOException {
        Path file = sparseFile(64 * MIB, 8 * MIB, 3 * MIB);
        Path target = dir.resolve("copy.raw");
        FileByteSource source = FileByteSource.open(file);
        try (RawImage image = new RawImage(source)) {
            assumeThat(source.holesKnown()).as("the kernel answers SEEK_DATA here").isTrue();

            ConversionResult result = new ImageConverter(ConversionOptions.builder().targetFormat(ImageFormat.RAW)
                    .build()).convert(image, target);

            assertThat(result.bytesRead()).isEqualTo(3 * MIB);
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(file));
    }

    /** A file of {@code size} bytes that is one hole except {@code length} bytes of 0x5a at {@code dataAt}. */
    private Path sparseFile(long size, long dataAt, int length) throws IOException {
        Path file = Files.createTempFile(dir, "sparse", ".raw");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            byte[] data = new byte[length];
            Arrays.fill(data, (byte) 0x5a);
            raf.getChannel().write(ByteBuffer.wrap(data), dataAt);
            raf.getFD().sync();
        }
        return file;
    }
}
