package dev.ferry.disk.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/**
 * Damages qemu-made images the way hostile or broken files do and expects a clear {@link ImageFormatException} that
 * names the file offset, quickly and without large allocations.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Qcow2HostileInputTest {

    private static final int CLUSTER = 65536;
    private static final long SIZE = 2L << 20;

    @TempDir
    Path dir;

    private Path raw;

    @BeforeEach
    void makeGroundTruth() throws IOException {
        raw = SyntheticDisk.ofSize(SIZE).with(0, 300_000, Content.TEXT).with(1 << 20, 200_000, Content.RANDOM)
                .writeRaw(dir.resolve("disk.raw"));
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        Path image = convert("disk.qcow2", false);
        Files.write(image, Arrays.copyOf(Files.readAllBytes(image), 50));

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("too short");
        assertThat(error.fileOffset()).isEqualTo(50);
    }

    @Test
    void refusesAnL1TablePastTheEndOfTheFile() throws IOException {
        Path image = convert("disk.qcow2", false);
        patchLong(image, 40, 1L << 40);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("L1 table").hasMessageContaining("past the end of the file");
        assertThat(error.fileOffset()).isEqualTo(40);
    }

    @Test
    void refusesAnAbsurdL1SizeWithoutAllocatingIt() throws IOException {
        Path image = convert("disk.qcow2", false);
        patchInt(image, 36, Integer.MAX_VALUE);
        assertThat(refusal(image)).hasMessageContaining("exceeds the limit");

        patchInt(image, 36, 1 << 20);
        assertThat(refusal(image)).hasMessageContaining("past the end of the file");
    }

    @Test
    void refusesAVirtualSizeTheL1TableCannotMap() throws IOException {
        Path image = convert("disk.qcow2", false);
        patchLong(image, 24, 1L << 50);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("too small");
        assertThat(error.fileOffset()).isEqualTo(36);
    }

    @Test
    void refusesClusterSizesQemuWouldNotOpen() throws IOException {
        Path image = convert("disk.qcow2", false);
        patchInt(image, 20, 30);
        assertThat(refusal(image)).hasMessageContaining("cluster_bits 30");
        patchInt(image, 20, 8);
        assertThat(refusal(image)).hasMessageContaining("cluster_bits 8");
    }

    @Test
    void refusesAnL2TablePastTheEndOfTheFile() throws IOException {
        Path image = convert("disk.qcow2", false);
        long l1 = readLong(image, 40);
        patchLong(image, l1, (1L << 40) | Qcow2.FLAG_COPIED);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("L2 table").hasMessageContaining("past the end of the file");
        assertThat(error.fileOffset()).isEqualTo(l1);
    }

    @Test
    void refusesAnL2EntryPastTheEndOfTheFile() throws IOException {
        Path image = convert("disk.qcow2", false);
        long l2 = firstL2Table(image);
        patchLong(image, l2, (1L << 40) | Qcow2.FLAG_COPIED);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("data cluster").hasMessageContaining("past the end of the file");
        assertThat(error.fileOffset()).isEqualTo(l2);
    }

    @Test
    void refusesUnalignedTableAndClusterOffsets() throws IOException {
        Path image = convert("disk.qcow2", false);
        long l1 = readLong(image, 40);
        long l2 = firstL2Table(image);
        patchLong(image, l2 + 8, readLong(image, l2 + 8) + 4096);
        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("not cluster-aligned");
        assertThat(error.fileOffset()).isEqualTo(l2 + 8);

        patchLong(image, l1, readLong(image, l1) + 512);
        error = refusal(image);
        assertThat(error).hasMessageContaining("L2 table offset").hasMessageContaining("not cluster-aligned");
        assertThat(error.fileOffset()).isEqualTo(l1);
    }

    @Test
    void refusesACompressedClusterThatInflatesBeyondItsCluster() throws IOException {
        Path image = convert("disk.qcow2", true);
        long compressedData = firstCompressedData(image);
        patchBytes(image, compressedData, deflate(new byte[2 * CLUSTER]));

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("more than a cluster");
        assertThat(error.fileOffset()).isEqualTo(compressedData);
    }

    @Test
    void refusesACompressedClusterThatInflatesToLessThanACluster() throws IOException {
        Path image = convert("disk.qcow2", true);
        long compressedData = firstCompressedData(image);
        patchBytes(image, compressedData, deflate(new byte[1000]));

        assertThat(refusal(image)).hasMessageContaining("inflates to 1000 bytes");
    }

    @Test
    void refusesACompressedClusterOfGarbage() throws IOException {
        Path image = convert("disk.qcow2", true);
        long compressedData = firstCompressedData(image);
        patchBytes(image, compressedData, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff });

        assertThat(refusal(image)).hasMessageContaining("invalid deflate data");
    }

    @Test
    void refusesEncryptedImages() throws IOException {
        Path image = convert("disk.qcow2", false);
        patchInt(image, 32, 1);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("encrypted").hasMessageContaining("AES");
        assertThat(error.fileOffset()).isEqualTo(32);
    }

    @Test
    void refusesAnUnknownIncompatibleFeatureNamingTheBit() throws IOException {
        Path image = convert("disk.qcow2", false);
        patchLong(image, 72, 1L << 9);

        assertThat(refusal(image)).hasMessageContaining("unknown incompatible feature bit 9");
    }

    @Test
    void refusesCorruptImagesButReadsDirtyOnesWithAWarning() throws IOException {
        Path image = convert("disk.qcow2", false);
        patchLong(image, 72, Qcow2.INCOMPATIBLE_DIRTY);
        try (DiskImage disk = DiskImages.open(image)) {
            assertThat(disk.info().details()).containsEntry("dirty", "true");
            assertThat(disk.info().warnings()).anyMatch(warning -> warning.contains("dirty"));
        }

        patchLong(image, 72, Qcow2.INCOMPATIBLE_CORRUPT);
        assertThat(refusal(image)).hasMessageContaining("marked corrupt");
    }

    @Test
    void refusesZstdCompression() {
        Path image = convert("disk.qcow2", true, "compression_type=zstd");

        assertThat(refusal(image)).hasMessageContaining("zstd compression is not supported");
    }

    @Test
    void refusesAnExternalDataFile() throws IOException {
        Path image = dir.resolve("external.qcow2");
        Path dataFile = dir.resolve("external.raw");
        QemuImg.create(image, "qcow2", SIZE, "data_file=" + dataFile);

        assertThat(refusal(image)).hasMessageContaining("external data file '" + dataFile + "'");
    }

    @Test
    void refusesABackingFileOutsideTheImageFolder() throws IOException {
        convert("base.qcow2", false);
        Files.createDirectory(dir.resolve("sub"));
        Path overlay = dir.resolve("sub").resolve("overlay.qcow2");
        QemuImg.create(overlay, "qcow2", SIZE, "backing_file=../base.qcow2", "backing_fmt=qcow2");

        ImageFormatException error = refusal(overlay);
        assertThat(error).hasMessageContaining("../base.qcow2").hasMessageContaining("outside its folder");
        assertThat(error.fileOffset()).isEqualTo(readLong(overlay, 8));
    }

    @Test
    void refusesABackingFileThatIsTheImageItself() throws IOException {
        convert("b.qcow2", false);
        Path image = dir.resolve("a.qcow2");
        QemuImg.create(image, "qcow2", SIZE, "backing_file=b.qcow2", "backing_fmt=qcow2");
        patchBytes(image, readLong(image, 8), "a.qcow2".getBytes(StandardCharsets.US_ASCII));

        assertThat(refusal(image)).hasMessageContaining("loops back");
    }

    @Test
    void refusesABackingFileWhoseContentContradictsItsDeclaredFormat() throws IOException {
        convert("base.qcow2", false);
        Path overlay = dir.resolve("overlay.qcow2");
        QemuImg.run(List.of("create", "-q", "-f", "qcow2", "-u", "-b", "base.qcow2", "-F", "raw",
                overlay.toString(), Long.toString(SIZE)));

        assertThat(refusal(overlay)).hasMessageContaining("declared as raw but its content is qcow2");
    }

    @Test
    void refusesAHeaderExtensionLongerThanTheFirstCluster() throws IOException {
        Path image = convert("disk.qcow2", false);
        int headerLength = (int) (readLong(image, 96) & 0xffffffffL);
        patchInt(image, headerLength + 4, Integer.MAX_VALUE);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("header extension");
        assertThat(error.fileOffset()).isEqualTo(headerLength);
    }

    @Test
    void refusesAZeroClusterFlagInAVersion2Image() throws IOException {
        Path image = convert("disk.qcow2", false, "compat=0.10");
        long l2 = firstL2Table(image);
        patchLong(image, l2, readLong(image, l2) | Qcow2.FLAG_ZERO);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("version 2");
        assertThat(error.fileOffset()).isEqualTo(l2);
    }

    @Test
    void refusesTwoL1EntriesSharingOneL2Table() throws IOException {
        // 600 MiB with 64 KiB clusters: two L2 tables, each mapping 512 MiB.
        Path bigRaw = SyntheticDisk.ofSize(600L << 20).with(0, 4096, Content.TEXT)
                .with(550L << 20, 4096, Content.RANDOM).writeRaw(dir.resolve("big.raw"));
        Path image = dir.resolve("big.qcow2");
        QemuImg.convert(bigRaw, "raw", image, "qcow2");
        long l1 = readLong(image, 40);
        patchLong(image, l1 + 8, readLong(image, l1));

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("L2 table").hasMessageContaining("L1 entries 0 and 1");
        assertThat(error.fileOffset()).isEqualTo(l1 + 8);
    }

    @Test
    void refusesAnL2TableThatOverlapsTheL1OrRefcountTable() throws IOException {
        Path image = convert("disk.qcow2", false);
        long l1 = readLong(image, 40);
        patchLong(image, l1, l1 | Qcow2.FLAG_COPIED);
        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("L2 table").hasMessageContaining("overlaps the L1 table");
        assertThat(error.fileOffset()).isEqualTo(l1);

        patchLong(image, l1, readLong(image, 48) | Qcow2.FLAG_COPIED);
        assertThat(refusal(image)).hasMessageContaining("overlaps the refcount table");
    }

    @Test
    void refusesDataClustersThatOverlapMetadata() throws IOException {
        Path image = convert("disk.qcow2", false);
        long l1 = readLong(image, 40);
        long l2 = firstL2Table(image);
        long[][] cases = { { l1, 0 }, { readLong(image, 48), 0 }, { l2, 0 } };
        String[] what = { "overlaps the L1 table", "overlaps the refcount table", "is its own L2 table" };
        for (int i = 0; i < cases.length; i++) {
            patchLong(image, l2 + 8, cases[i][0] | Qcow2.FLAG_COPIED);
            ImageFormatException error = refusal(image);
            assertThat(error).hasMessageContaining("data cluster").hasMessageContaining(what[i]);
            assertThat(error.fileOffset()).isEqualTo(l2 + 8);
        }
    }

    @Test
    void refusesCompressedDataInsideTheHeaderCluster() throws IOException {
        Path image = convert("disk.qcow2", true);
        long l2 = firstL2Table(image);
        long entry = readLong(image, l2);
        patchLong(image, l2, entry & ~Qcow2.compressedOffsetMask(16) | 512);

        ImageFormatException error = refusal(image);
        assertThat(error).hasMessageContaining("compressed cluster").hasMessageContaining("header");
        assertThat(error.fileOffset()).isEqualTo(l2);
    }

    /** Opens the image, reads all of it and walks its extents; returns the refusal it must end in. */
    private static ImageFormatException refusal(Path image) {
        ImageFormatException error = catchThrowableOfType(ImageFormatException.class, () -> {
            try (DiskImage disk = DiskImages.open(image)) {
                ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
                for (long offset = 0; offset < disk.virtualSize(); offset += buffer.capacity()) {
                    disk.read(offset, buffer.clear().limit((int) Math.min(buffer.capacity(),
                            disk.virtualSize() - offset)));
                }
                for (long offset = 0; offset < disk.virtualSize();) {
                    Extent extent = disk.extent(offset, disk.virtualSize() - offset);
                    offset = extent.end();
                }
            }
        });
        assertThat(error).as("reading %s must be refused", image).isNotNull();
        assertThat(error).hasMessageStartingWith("qcow2: ");
        return error;
    }

    private Path convert(String name, boolean compressed, String... options) {
        Path image = dir.resolve(name);
        if (compressed) {
            QemuImg.convertCompressed(raw, "raw", image, "qcow2", options);
        } else {
            QemuImg.convert(raw, "raw", image, "qcow2", options);
        }
        return image;
    }

    private static long firstL2Table(Path image) throws IOException {
        return readLong(image, readLong(image, 40)) & Qcow2.OFFSET_MASK;
    }

    /** File offset of the compressed data of guest cluster 0. */
    private static long firstCompressedData(Path image) throws IOException {
        long entry = readLong(image, firstL2Table(image));
        assertThat(entry & Qcow2.FLAG_COMPRESSED).as("cluster 0 is compressed").isNotZero();
        return entry & Qcow2.compressedOffsetMask(16);
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] output = new byte[data.length + 64];
        int length = deflater.deflate(output);
        deflater.end();
        return Arrays.copyOf(output, length);
    }

    private static long readLong(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(8);
            channel.read(bytes, offset);
            return bytes.getLong(0);
        }
    }

    private static void patchLong(Path file, long offset, long value) throws IOException {
        patchBytes(file, offset, ByteBuffer.allocate(8).putLong(value).array());
    }

    private static void patchInt(Path file, long offset, int value) throws IOException {
        patchBytes(file, offset, ByteBuffer.allocate(4).putInt(value).array());
    }

    private static void patchBytes(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }
}
