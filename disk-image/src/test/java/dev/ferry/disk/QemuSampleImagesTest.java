package dev.ferry.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.disk.convert.ConversionOptions;
import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.disk.testing.QemuImg;

/**
 * Images not made here: the sample images of qemu's test suite, made by Hyper-V, Disk2VHD, VMware and Virtual PC,
 * read with the sizes and contents qemu's own tests (qemu-iotests 059, 064, 070, 135, 146) expect, and the fuzzed
 * ones refused with a clear error. Each readable sample is also converted and compared with qemu's reading of it.
 *
 * <p>
 * The images are not in the repository: {@code src/test/samples/fetch-qemu-samples.sh} unpacks them from Debian's
 * qemu source package into {@code $FERRY_QEMU_SAMPLES} (default {@code ~/.cache/ferry/qemu-samples}); CI runs it
 * before the build. Missing images fail these tests, so CI never skips them silently; set
 * {@code FERRY_QEMU_SAMPLES_OPTIONAL=1} to skip them instead on a machine without network access.
 */
class QemuSampleImagesTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path folder;

    @Test
    void virtualPcDiskTakesItsSizeFromTheGeometryAndIsEmpty() throws IOException {
        // qemu-iotests 146: "Testing VPC Autodetect"
        Path sample = sample("virtualpc-dynamic.vhd");

        try (DiskImage image = DiskImages.open(sample)) {
            assertThat(image.format()).isEqualTo(ImageFormat.VHD);
            assertThat(image.virtualSize()).isEqualTo(136_363_130_880L);
            assertThat(image.info().details()).containsEntry("size from", "CHS geometry");
            assertAllZero(image);
        }
        assertConvertsToWhatQemuReads(sample, "vpc");
    }

    @Test
    void hyperVDiskTakesItsSizeFromTheFooterAndIsEmpty() throws IOException {
        // qemu-iotests 146: "Testing Hyper-V Autodetect"
        Path sample = sample("hyperv2012r2-dynamic.vhd");

        try (DiskImage image = DiskImages.open(sample)) {
            assertThat(image.virtualSize()).isEqualTo(136_365_211_648L);
            assertThat(image.info().details()).containsEntry("size from", "footer current size");
            assertAllZero(image);
        }
        assertConvertsToWhatQemuReads(sample, "vpc");
    }

    @Test
    void disk2vhdDiskHasEveryBlockAllocatedAndZeroFilled() throws IOException {
        // qemu-iotests 146: "Testing d2v Autodetect", 126 allocated 2 MiB blocks
        Path sample = sample("d2v-zerofilled.vhd");

        // The unpacked sample may be a sparse file, whose holes rightly read as zero extents: judge a dense copy.
        try (DiskImage image = DiskImages.open(denseCopy(sample))) {
            assertThat(image.virtualSize()).isEqualTo(263_454_720L);
            assertThat(image.info().clusterSize()).isEqualTo(2 * MIB);
            assertThat(image.info().details()).containsEntry("allocated blocks", "126");
            assertNoZeroExtents(image);
            assertReads(image, 0, image.virtualSize(), (byte) 0);
        }
        assertConvertsToWhatQemuReads(sample, "vpc");
    }

    @Test
    void hyperVVhdxHoldsTheExpectedPatterns() throws IOException {
        // qemu-iotests 064: 0xa5 in [0, 33M), 0x96 in [33M, 66M), zeros after
        Path sample = sample("iotest-dynamic-1G.vhdx");

        try (DiskImage image = DiskImages.open(sample)) {
            assertThat(image.virtualSize()).isEqualTo(1L << 30);
            assertThat(image.info().clusterSize()).isEqualTo(32 * MIB);
            assertReads(image, 0, 33 * MIB, (byte) 0xa5);
            assertReads(image, 33 * MIB, 33 * MIB, (byte) 0x96);
            assertReads(image, 66 * MIB, (1L << 30) - 66 * MIB, (byte) 0);
        }
        assertConvertsToWhatQemuReads(sample, "vhdx");
    }

    @Test
    void vhdxWithADirtyLogReadsAsQemuReadsItAfterReplayAndStaysUnchanged() throws IOException {
        // qemu-iotests 070: the log must be replayed; afterwards [0, 18M) holds 0xa5
        Path sample = sample("iotest-dirtylog-10G-4M.vhdx");
        byte[] before = Files.readAllBytes(sample);
        Path replayedByQemu = Files.copy(sample, folder.resolve("replayed.vhdx"));
        QemuImg.Result replay = QemuImg.run(List.of("check", "-r", "all", "-f", "vhdx", replayedByQemu.toString()));
        assertThat(replay.output()).contains("1 corruptions").contains("No errors were found");

        try (DiskImage image = DiskImages.open(sample)) {
            assertThat(image.virtualSize()).isEqualTo(10L << 30);
            assertThat(image.info().warnings()).anySatisfy(warning -> assertThat(warning).contains("replayed"));
            assertReads(image, 0, 18 * MIB, (byte) 0xa5);
        }
        assertThat(Files.readAllBytes(sample)).as("reading must not replay the log into the file").isEqualTo(before);
        assertConverted(sample, replayedByQemu, "vhdx");
    }

    @Test
    void disk2vhdVhdxOpensWithItsSizeAndBlockSize() throws IOException {
        // qemu-iotests 070: "Verify image created by Disk2VHD can be opened"
        Path sample = sample("test-disk2vhd.vhdx");

        try (DiskImage image = DiskImages.open(sample)) {
            assertThat(image.virtualSize()).isEqualTo(256 * MIB);
            assertThat(image.info().clusterSize()).isEqualTo(2 * MIB);
        }
        assertConvertsToWhatQemuReads(sample, "vhdx");
    }

    @Test
    void vmwareVersion3VmdkHoldsTheExpectedSectors() throws IOException {
        // qemu-iotests 059: "Testing version 3", sector i*640K+i*512 holds the digit i%10
        Path sample = sample("iotest-version3.vmdk");

        try (DiskImage image = DiskImages.open(sample)) {
            assertThat(image.virtualSize()).isEqualTo(16L << 30);
            assertThat(image.info().clusterSize()).isEqualTo(64 * 1024);
            for (int i = 0; i < 100; i++) {
                assertReads(image, i * 64 * 1024 * 10L + i * 512L, 512, (byte) (i % 10 + 0x30));
            }
        }
        assertConvertsToWhatQemuReads(sample, "vmdk");
    }

    @Test
    void fuzzedVmdkWithAnAbsurdCapacityIsRefused() {
        // qemu-iotests 059: "Testing afl image with a very large capacity"; qemu says "L1 size too big"
        Path sample = sample("afl9.vmdk");

        assertThatThrownBy(() -> DiskImages.open(sample).close()).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("vmdk").hasMessageContaining("capacity").hasMessageContaining("file offset");
    }

    @Test
    void fuzzedVhdWithAnAbsurdTableIsRefused() {
        // qemu-iotests 135: qemu says "Max Table Entries too large (1073741825)"
        Path sample = sample("afl5.img");

        assertThatThrownBy(() -> DiskImages.open(sample).close()).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("vhd").hasMessageContaining("file offset");
    }

    @ParameterizedTest
    @ValueSource(strings = { "grub_mbr.raw", "empty.bochs", "simple-dmg.dmg", "simple-pattern.cloop", "parallels-v1",
            "parallels-v2", "parallels-with-bitmap" })
    void imagesOfOtherFormatsAreNotMistakenForOnesFerryReads(String name) throws IOException {
        try (DiskImage image = DiskImages.open(sample(name))) {
            assertThat(image.format()).isEqualTo(ImageFormat.RAW);
            assertThat(image.virtualSize()).isEqualTo(Files.size(sample(name)));
        }
    }

    /**
     * Converts the sample with the real pipeline and has qemu-img compare the output with its own reading of the
     * sample (a qcow2 copy qemu-img converts: comparing with some of the samples directly is slow in qemu).
     */
    private void assertConvertsToWhatQemuReads(Path sample, String qemuFormat) throws IOException {
        assertConverted(sample, sample, qemuFormat);
    }

    private void assertConverted(Path sample, Path reference, String referenceFormat) throws IOException {
        Path output = folder.resolve("converted.qcow2");
        try (DiskImage image = DiskImages.open(sample)) {
            new ImageConverter(ConversionOptions.builder().targetFormat(ImageFormat.QCOW2).threads(2).build())
                    .convert(image, output);
        }
        Path qemuReading = folder.resolve("qemu-reading.qcow2");
        QemuImg.convert(reference, referenceFormat, qemuReading, "qcow2");
        QemuImg.Result compare = QemuImg.compare(qemuReading, "qcow2", output, "qcow2");
        assertThat(compare.exitCode()).as(compare.output()).isZero();
    }

    /** A copy of {@code file} with every byte written, so that it has no holes. */
    private Path denseCopy(Path file) throws IOException {
        Path copy = folder.resolve("dense-" + file.getFileName());
        try (var in = Files.newInputStream(file); var out = Files.newOutputStream(copy)) {
            byte[] buffer = new byte[1 << 20];
            for (int count; (count = in.read(buffer)) > 0;) {
                out.write(buffer, 0, count);
            }
        }
        return copy;
    }

    private static void assertAllZero(DiskImage image) throws IOException {
        assertExtentsAre(image, true);
    }

    private static void assertNoZeroExtents(DiskImage image) throws IOException {
        assertExtentsAre(image, false);
    }

    private static void assertExtentsAre(DiskImage image, boolean zero) throws IOException {
        for (long offset = 0; offset < image.virtualSize();) {
            Extent extent = image.extent(offset, image.virtualSize() - offset);
            assertThat(extent.zero()).as("extent %s", extent).isEqualTo(zero);
            offset = extent.end();
        }
    }

    /** Reads {@code [offset, offset + length)} and asserts every byte is {@code expected}. */
    private static void assertReads(DiskImage image, long offset, long length, byte expected) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, 4 * MIB));
        ByteBuffer pattern = ByteBuffer.allocate(buffer.capacity());
        while (pattern.hasRemaining()) {
            pattern.put(expected);
        }
        for (long done = 0; done < length;) {
            int count = (int) Math.min(buffer.capacity(), length - done);
            buffer.clear().limit(count);
            image.read(offset + done, buffer);
            int mismatch = buffer.flip().mismatch(pattern.clear().limit(count));
            assertThat(mismatch).as("byte at guest offset %d", offset + done + Math.max(mismatch, 0)).isEqualTo(-1);
            done += count;
        }
    }

    /**
     * The unpacked sample, or a failure saying how to get the samples; a skip only where
     * {@code FERRY_QEMU_SAMPLES_OPTIONAL} says they may be missing.
     */
    private static Path sample(String name) {
        String configured = System.getenv("FERRY_QEMU_SAMPLES");
        Path folder = configured != null && !configured.isBlank() ? Paths.get(configured)
                : Paths.get(System.getProperty("user.home"), ".cache", "ferry", "qemu-samples");
        Path sample = folder.resolve(name);
        if (Files.isRegularFile(folder.resolve(".complete")) && Files.isRegularFile(sample)) {
            return sample;
        }
        String message = "qemu's sample image " + name + " is not in " + folder
                + ": run disk-image/src/test/samples/fetch-qemu-samples.sh (downloads Debian's qemu source package)";
        Assumptions.assumeFalse("1".equals(System.getenv("FERRY_QEMU_SAMPLES_OPTIONAL")),
                message + "; skipped because FERRY_QEMU_SAMPLES_OPTIONAL=1");
        throw new AssertionError(message + ", or set FERRY_QEMU_SAMPLES_OPTIONAL=1 to skip these tests");
    }
}
