package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.testing.FileBytes;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.ReadableSource;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.vhdx.VhdxFileSurgery;

/**
 * {@code ferry-disk info} and {@code check} on every kind of image Ferry reads: info reports format, sizes (agreeing
 * with qemu-img info where qemu can open the image), allocation unit, backing file and what is unusual; check passes
 * a sound image and fails a damaged one of each format with status 1, naming the format and the file offset.
 */
class FerryDiskFormatsTest {

    private static final long SIZE = 4L * 1024 * 1024 + 1536;

    @TempDir
    static Path shared;
    private static Path groundTruth;

    @TempDir
    Path folder;

    @BeforeAll
    static void writeGroundTruth() throws IOException {
        groundTruth = SyntheticDisk.scattered(SIZE, 17, 0.4, 0.3, 512, 300_000).with(0, 512, Content.RANDOM)
                .with(SIZE - 512, 512, Content.TEXT).writeRaw(shared.resolve("truth.raw"));
    }

    @ParameterizedTest
    @EnumSource(ReadableSource.class)
    void infoReportsFormatSizesAllocationUnitAndBacking(ReadableSource kind) throws IOException {
        ReadableSource.Made made = kind.create(groundTruth, folder.resolve("image"));

        CommandRun info = run("info", made.image().toString());

        assertThat(info.status()).as(info.err()).isZero();
        String format = kind.format().displayName();
        String subformat = kind.subformat().equals(format) ? "" : " (" + kind.subformat() + ")";
        assertThat(info.out()).containsPattern("format: +" + Pattern.quote(format + subformat) + "\n")
                .containsPattern("virtual size: +.*\\(" + SIZE + " bytes\\)");
        long allocated = bytesOn(info.out(), "allocated size");
        assertThat(allocated).isPositive().isLessThanOrEqualTo(SIZE);
        boolean chained = kind == ReadableSource.QCOW2_BACKING || kind == ReadableSource.VHD_DIFFERENCING
                || kind == ReadableSource.VHDX_DIFFERENCING;
        assertThat(info.out().contains("backing file:")).isEqualTo(chained);
        if (kind != ReadableSource.VHDX_DIFFERENCING) {
            // qemu cannot open differencing VHDX files; everything else it describes too.
            String qemu = QemuImg.infoJson(made.image(), kind.format().qemuName());
            assertThat(SIZE).isEqualTo(jsonNumber(qemu, "virtual-size"));
            long qemuCluster = jsonNumber(qemu, "cluster-size");
            if (qemuCluster > 0 && kind.format() != ImageFormat.RAW) {
                assertThat(bytesOn(info.out(), "cluster size")).isEqualTo(qemuCluster);
            } else {
                assertThat(info.out()).containsPattern("cluster size: +none");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReadableSource.class)
    void checkPassesASoundImage(ReadableSource kind) throws IOException {
        ReadableSource.Made made = kind.create(groundTruth, folder.resolve("image"));

        CommandRun check = run("check", "--read-data", made.image().toString());

        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out()).contains("no problems found").contains("all data read");
    }

    /** Something unusual about an image of each format that info must point out, and how it says it. */
    enum Unusual {
        QCOW2_DIRTY(ReadableSource.QCOW2_V3, "marked dirty"),
        VMDK_UNCLEAN_SHUTDOWN(ReadableSource.VMDK_MONOLITHIC_SPARSE, "not closed cleanly"),
        VHD_END_FOOTER_DAMAGED(ReadableSource.VHD_DYNAMIC, "using the copy at offset 0"),
        VHDX_LOG_PENDING(ReadableSource.VHDX_DYNAMIC, "the header names a log");

        final ReadableSource kind;
        final String warning;

        Unusual(ReadableSource kind, String warning) {
            this.kind = kind;
            this.warning = warning;
        }
    }

    @ParameterizedTest
    @EnumSource(Unusual.class)
    void infoWarnsAboutWhatIsUnusual(Unusual unusual) throws IOException {
        Path image = unusual.kind.create(groundTruth, folder.resolve("image")).image();
        switch (unusual) {
            case QCOW2_DIRTY -> writeLong(image, 72, readLong(image, 72, ByteOrder.BIG_ENDIAN) | 1,
                    ByteOrder.BIG_ENDIAN);
            case VMDK_UNCLEAN_SHUTDOWN -> FileBytes.write(image, 72, ByteBuffer.wrap(new byte[] { 1 }));
            case VHD_END_FOOTER_DAMAGED -> FileBytes.flipByte(image, Files.size(image) - 512 + 100);
            case VHDX_LOG_PENDING -> VhdxFileSurgery.markLogPending(image);
        }

        CommandRun info = run("info", image.toString());

        assertThat(info.status()).as(info.err()).isZero();
        assertThat(info.out()).containsPattern("warning: +.*" + Pattern.quote(unusual.warning));
    }

    static Stream<ReadableSource> damageable() {
        return Stream.of(ReadableSource.values()).filter(kind -> kind != ReadableSource.RAW);
    }

    @ParameterizedTest
    @MethodSource("damageable")
    void checkFailsADamagedImageWithStatusOneNamingFormatAndOffset(ReadableSource kind) throws IOException {
        ReadableSource.Made made = kind.create(groundTruth, folder.resolve("image"));
        damageMetadata(kind, made.image());

        CommandRun check = run("check", made.image().toString());

        assertThat(check.status()).as(check.out() + check.err()).isEqualTo(ExitCode.INVALID_IMAGE);
        String name = kind.format() == ImageFormat.VHD ? "vhd" : kind.format().displayName();
        assertThat(check.err()).contains(name + ": ").contains("file offset");
    }

    /** Breaks metadata the reader checks when it opens the image or walks its tables, not guest data. */
    private static void damageMetadata(ReadableSource kind, Path image) throws IOException {
        Path folder = image.getParent();
        switch (kind.format()) {
            case QCOW2 -> {
                long l1 = readLong(image, 40, ByteOrder.BIG_ENDIAN);
                writeLong(image, l1, 1L << 40 | 1L << 63, ByteOrder.BIG_ENDIAN); // an L2 table past the end
            }
            case VHD -> {
                if (kind == ReadableSource.VHD_FIXED) {
                    // A footer (with a right checksum) that claims a disk larger than the data before it.
                    long footer = Files.size(image) - 512;
                    writeLong(image, footer + 48, 2 * SIZE, ByteOrder.BIG_ENDIAN);
                    fixVhdChecksum(image, footer);
                } else {
                    long table = readLong(image, 512 + 16, ByteOrder.BIG_ENDIAN);
                    writeInt(image, table, 0x7fffff00, ByteOrder.BIG_ENDIAN); // block 0 past the end
                }
            }
            case VHDX -> {
                // Both headers fail their CRC-32C.
                writeLong(image, 64 * 1024 + 8, 12345, ByteOrder.LITTLE_ENDIAN);
                writeLong(image, 128 * 1024 + 8, 12345, ByteOrder.LITTLE_ENDIAN);
            }
            case VMDK -> {
                switch (kind) {
                    case VMDK_MONOLITHIC_FLAT -> FileBytes.truncate(folder.resolve("disk-flat.vmdk"), 4096);
                    case VMDK_SPLIT_FLAT -> FileBytes.truncate(folder.resolve("disk-f001.vmdk"), 4096);
                    default -> {
                        Path extent = kind == ReadableSource.VMDK_SPLIT_SPARSE ? folder.resolve("disk-s001.vmdk")
                                : image;
                        // Without the redundant directory, a grain table past the end cannot be worked around. (qemu's
                        // streamOptimized files keep their directory at the front, as sparse ones do.)
                        writeInt(extent, 8, readInt(extent, 8) & ~2, ByteOrder.LITTLE_ENDIAN);
                        long directory = readLong(extent, 56, ByteOrder.LITTLE_ENDIAN) * 512;
                        writeInt(extent, directory, 0x7ffffff0, ByteOrder.LITTLE_ENDIAN);
                    }
                }
            }
            default -> throw new IllegalArgumentException("nothing to damage in " + kind);
        }
    }

    /** The VHD footer checksum: the one's complement of the sum of its bytes, the checksum field left out. */
    private static void fixVhdChecksum(Path image, long footer) throws IOException {
        ByteBuffer bytes = FileBytes.read(image, footer, 512);
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            if (i < 64 || i >= 68) {
                sum += Byte.toUnsignedInt(bytes.get(i));
            }
        }
        writeInt(image, footer + 64, ~sum, ByteOrder.BIG_ENDIAN);
    }

    private static long bytesOn(String output, String label) {
        Matcher matcher = Pattern.compile(label + ": +.*\\((\\d+) bytes\\)").matcher(output);
        assertThat(matcher.find()).as("%s in %s", label, output).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** A number from qemu-img's JSON, or 0 when it does not give one. */
    private static long jsonNumber(String json, String key) {
        Matcher matcher = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static long readLong(Path file, long offset, ByteOrder order) throws IOException {
        return FileBytes.read(file, offset, 8).order(order).getLong();
    }

    private static int readInt(Path file, long offset) throws IOException {
        return FileBytes.read(file, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static void writeLong(Path file, long offset, long value, ByteOrder order) throws IOException {
        FileBytes.write(file, offset, ByteBuffer.allocate(8).order(order).putLong(0, value));
    }

    private static void writeInt(Path file, long offset, int value, ByteOrder order) throws IOException {
        FileBytes.write(file, offset, ByteBuffer.allocate(4).order(order).putInt(0, value));
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
