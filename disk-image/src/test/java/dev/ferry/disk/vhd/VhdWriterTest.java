package dev.ferry.disk.vhd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.InterruptedCopy;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SimpleCopy;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;

class VhdWriterTest {

    private static final long MIB = 1 << 20;
    private final VhdWriterFactory factory = new VhdWriterFactory();

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}, {1} bytes")
    @CsvSource({
            "dynamic, 7341568", // 7 MiB + 3 sectors: a partial last block
            "dynamic, 6291456",
            "fixed, 7341568",
            "fixed, 4096" })
    void writesImagesThatQemuReadsAsTheSourceDisk(String subformat, long size) throws IOException {
        Path raw = VhdReaderTest.mixedDisk(size, 11).writeRaw(folder.resolve("source.raw"));
        Path vhd = folder.resolve("out.vhd");

        copy(raw, vhd, WriteOptions.subformat(subformat));

        assertThat(QemuImg.compare(raw, "raw", vhd, "vpc").exitCode()).isZero();
        assertThat(VhdReaderTest.qemuVirtualSize(vhd)).isEqualTo(size);
        try (DiskImage image = DiskImages.open(vhd)) {
            assertThat(image.info().subformat()).isEqualTo(subformat);
            assertThat(image.info().details()).containsEntry("size from", "footer current size");
            ImageAssertions.assertSameContent(image, raw);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dynamic", "fixed" })
    void writesEmptyAndFullDisks(String subformat) throws IOException {
        long size = 5 * MIB;
        Path empty = SyntheticDisk.ofSize(size).writeRaw(folder.resolve("empty.raw"));
        Path full = SyntheticDisk.ofSize(size).with(0, size, Content.RANDOM).writeRaw(folder.resolve("full.raw"));
        Path emptyVhd = folder.resolve("empty.vhd");
        Path fullVhd = folder.resolve("full.vhd");

        copy(empty, emptyVhd, WriteOptions.subformat(subformat));
        copy(full, fullVhd, WriteOptions.subformat(subformat));

        assertThat(QemuImg.compare(empty, "raw", emptyVhd, "vpc").exitCode()).isZero();
        assertThat(QemuImg.compare(full, "raw", fullVhd, "vpc").exitCode()).isZero();
        if (subformat.equals("dynamic")) {
            assertThat(Files.size(emptyVhd)).as("no blocks allocated").isLessThan(4096);
        } else {
            assertThat(Files.size(emptyVhd)).isEqualTo(size + 512);
        }
    }

    @Test
    void roundsSizesUpToWholeSectors() throws IOException {
        long size = 3 * MIB + 100;
        Path raw = SyntheticDisk.ofSize(size).with(size - 100, 100, Content.RANDOM).writeRaw(folder.resolve("o.raw"));
        Path vhd = folder.resolve("odd.vhd");

        copy(raw, vhd, WriteOptions.defaults());

        assertThat(VhdReaderTest.qemuVirtualSize(vhd)).isEqualTo(3 * MIB + 512);
        assertThat(QemuImg.compare(raw, "raw", vhd, "vpc").exitCode()).isZero();
    }

    @Test
    void honoursTheRequestedBlockSize() throws IOException {
        Path raw = VhdReaderTest.mixedDisk(3 * MIB, 5).writeRaw(folder.resolve("s.raw"));
        Path vhd = folder.resolve("small-blocks.vhd");

        copy(raw, vhd, new WriteOptions("dynamic", 512 * 1024, null));

        assertThat(VhdFileSurgery.header(vhd).blockSize()).isEqualTo(512 * 1024);
        assertThat(QemuImg.compare(raw, "raw", vhd, "vpc").exitCode()).isZero();
    }

    @Test
    void refusesDisksLargerThan2040GiBAndOddBlockSizes() {
        assertThatThrownBy(() -> factory.create(folder.resolve("big.vhd"), (2040L << 30) + 512,
                WriteOptions.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2,040 GiB");
        assertThatThrownBy(() -> factory.create(folder.resolve("b.vhd"), MIB, new WriteOptions(null, 3 * MIB, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block size");
        assertThat(folder.resolve("big.vhd")).doesNotExist();
    }

    @Test
    void refusesCommitsThatGoBackwards() throws IOException {
        try (DiskImageWriter writer = factory.create(folder.resolve("w.vhd"), 4 * MIB, WriteOptions.defaults())) {
            writer.commit(writer.encode(MIB, java.nio.ByteBuffer.allocate(4096)));
            assertThatThrownBy(() -> writer.commit(writer.encode(0, java.nio.ByteBuffer.allocate(4096))))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.encode(100, java.nio.ByteBuffer.allocate(4096)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dynamic", "fixed" })
    void resumedWriteProducesTheSameBytesAsAnUninterruptedOne(String subformat) throws IOException {
        long size = 9 * MIB + 4096;
        Path raw = VhdReaderTest.mixedDisk(size, 21).writeRaw(folder.resolve("r.raw"));
        UUID id = UUID.randomUUID();
        Path uninterrupted = folder.resolve("whole.vhd");
        Path resumed = folder.resolve("resumed.vhd");

        try (DiskImage source = openRaw(raw)) {
            try (DiskImageWriter writer = newWriter(subformat, uninterrupted, size, id)) {
                SimpleCopy.copyAll(source, writer);
            }
            InterruptedCopy.crashThenResume(source, newWriter(subformat, resumed, size, id), factory, resumed,
                    3 * MIB + 8192, 6 * MIB, 8 * MIB);
        }

        assertThat(Files.mismatch(uninterrupted, resumed)).isEqualTo(-1);
        assertThat(QemuImg.compare(raw, "raw", resumed, "vpc").exitCode()).isZero();
    }

    private DiskImageWriter newWriter(String subformat, Path file, long size, UUID id) throws IOException {
        return subformat.equals("fixed") ? FixedVhdWriter.create(file, size, id, 1234)
                : DynamicVhdWriter.create(file, size, VhdWriterFactory.DEFAULT_BLOCK_SIZE, id, 1234);
    }

    private void copy(Path raw, Path target, WriteOptions options) throws IOException {
        try (DiskImage source = openRaw(raw);
                DiskImageWriter writer = factory.create(target, source.virtualSize(), options)) {
            SimpleCopy.copyAll(source, writer);
        }
    }

    private static DiskImage openRaw(Path raw) throws IOException {
        return DiskImages.openRaw(FileByteSource.open(raw));
    }
}
