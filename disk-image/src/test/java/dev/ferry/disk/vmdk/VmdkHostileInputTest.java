package dev.ferry.disk.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.raw.RawImage;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SimpleCopy;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;

/**
 * Damaged and hostile VMDKs, made small by patching valid ones: each must fail with an {@link ImageFormatException}
 * that names the file offset, quickly and without large allocations.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class VmdkHostileInputTest {

    private static final long MIB = 1 << 20;
    private static final int GRAIN = 64 * 1024;
    /** Where Ferry's streamOptimized writer puts the first grain record. */
    private static final long FIRST_RECORD = GRAIN;

    @TempDir
    Path folder;

    // ---- monolithicSparse made by qemu ----

    private Path qemuSparse() throws IOException {
        Path raw = SyntheticDisk.ofSize(4 * MIB).with(0, MIB, Content.TEXT).writeRaw(folder.resolve("s.raw"));
        Path vmdk = folder.resolve("s.vmdk");
        QemuImg.convert(raw, "raw", vmdk, "vmdk");
        return vmdk;
    }

    private static void clearRedundantDirectoryFlag(Path vmdk) {
        FilePatch.putInt(vmdk, 8, FilePatch.getInt(vmdk, 8) & ~VmdkFormat.FLAG_REDUNDANT_DIRECTORY);
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        Path vmdk = qemuSparse();
        FilePatch.truncate(vmdk, 300);

        assertCorruptAt(() -> DiskImages.open(vmdk), 0, "sparse extent header");
    }

    @Test
    void refusesGrainDataCutOffByTruncation() throws IOException {
        Path vmdk = qemuSparse();
        long firstGrain = FilePatch.getLong(vmdk, 64) * 512;
        FilePatch.truncate(vmdk, firstGrain + 1000);

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(GRAIN)), firstGrain, "beyond the end");
        }
    }

    @Test
    void refusesAGrainDirectoryBeyondTheEndOfFile() throws IOException {
        Path vmdk = qemuSparse();
        clearRedundantDirectoryFlag(vmdk);
        FilePatch.putLong(vmdk, 56, 0x7fffffffL);

        assertCorruptAt(() -> DiskImages.open(vmdk), Files.size(vmdk), "grain directory");
    }

    @Test
    void readsThroughTheRedundantDirectoryWhenThePrimaryIsDamaged() throws IOException {
        Path vmdk = qemuSparse();
        FilePatch.putLong(vmdk, 56, 0x7fffffffL);

        try (DiskImage image = DiskImages.open(vmdk)) {
            ByteBuffer first = ByteBuffer.allocate(16);
            image.read(0, first);
            assertThat(new String(first.array(), StandardCharsets.US_ASCII)).isEqualTo("the quick brown ");
            assertThat(image.info().warnings()).anySatisfy(warning -> assertThat(warning).contains("redundant"));
        }
    }

    @Test
    void refusesAGrainTableBeyondTheEndOfFile() throws IOException {
        Path vmdk = qemuSparse();
        clearRedundantDirectoryFlag(vmdk);
        long directory = FilePatch.getLong(vmdk, 56) * 512;
        FilePatch.putInt(vmdk, directory, 0x7ffffff0);

        assertCorruptAt(() -> DiskImages.open(vmdk), Files.size(vmdk), "grain table 0 named at offset "
                + directory);
    }

    @Test
    void refusesAGrainTableOverlappingTheDescriptorOrTheDirectory() throws IOException {
        Path vmdk = qemuSparse();
        clearRedundantDirectoryFlag(vmdk);
        long directorySector = FilePatch.getLong(vmdk, 56);
        long directory = directorySector * 512;
        FilePatch.putInt(vmdk, directory, 2);
        assertCorruptAt(() -> DiskImages.open(vmdk), directory, "overlaps the embedded descriptor");

        FilePatch.putInt(vmdk, directory, (int) directorySector);
        assertCorruptAt(() -> DiskImages.open(vmdk), directory, "overlaps the grain directory");
    }

    @Test
    void refusesAGrainInsideTheMetadata() throws IOException {
        Path vmdk = qemuSparse();
        long table = Integer.toUnsignedLong(FilePatch.getInt(vmdk, FilePatch.getLong(vmdk, 56) * 512)) * 512;
        FilePatch.putInt(vmdk, table + 4, 2);

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(2 * GRAIN)), table + 4, "inside the metadata");
        }
    }

    @Test
    void refusesAbsurdCapacity() throws IOException {
        Path vmdk = qemuSparse();
        FilePatch.putLong(vmdk, 12, 1L << 50);

        assertCorruptAt(() -> DiskImages.open(vmdk), 12, "capacity");
    }

    @Test
    void refusesAbsurdGrainSizes() throws IOException {
        Path vmdk = qemuSparse();
        FilePatch.putLong(vmdk, 20, 3);
        assertCorruptAt(() -> DiskImages.open(vmdk), 20, "grain size");

        FilePatch.putLong(vmdk, 20, 1L << 40);
        assertCorruptAt(() -> DiskImages.open(vmdk), 20, "grain size");
    }

    @Test
    void refusesAbsurdGrainTableSizes() throws IOException {
        Path vmdk = qemuSparse();
        FilePatch.putInt(vmdk, 44, 1 << 24);
        assertCorruptAt(() -> DiskImages.open(vmdk), 44, "entries per grain table");

        FilePatch.putInt(vmdk, 44, 0);
        assertCorruptAt(() -> DiskImages.open(vmdk), 44, "entries per grain table");
    }

    @Test
    void refusesAGrainDirectoryTooLargeToHold() throws IOException {
        Path vmdk = qemuSparse();
        // 64 TiB of 512-byte grains in tables of one entry: 2^37 directory entries.
        FilePatch.putLong(vmdk, 12, (64L << 40) / 512);
        FilePatch.putLong(vmdk, 20, 1);
        FilePatch.putInt(vmdk, 44, 1);

        assertCorruptAt(() -> DiskImages.open(vmdk), 44, "grain directory of");
    }

    @Test
    void refusesZeroedGrainEntriesWhenTheHeaderDoesNotAllowThem() throws IOException {
        Path vmdk = qemuSparse();
        long table = Integer.toUnsignedLong(FilePatch.getInt(vmdk, FilePatch.getLong(vmdk, 56) * 512)) * 512;
        FilePatch.putInt(vmdk, table, 1);

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(512)), table, "zeroed grain");
        }
    }

    @Test
    void refusesAFileTransferredInTextMode() throws IOException {
        Path vmdk = qemuSparse();
        FilePatch.putBytes(vmdk, 75, new byte[] { '\n' });

        assertCorruptAt(() -> DiskImages.open(vmdk), 73, "text mode");
    }

    @Test
    void refusesUnknownSparseExtentVersions() throws IOException {
        Path vmdk = qemuSparse();
        FilePatch.putInt(vmdk, 4, 4);

        assertCorruptAt(() -> DiskImages.open(vmdk), 4, "version 4");
    }

    @Test
    void refusesEsxCowdExtentsClearly() throws IOException {
        Path vmdk = folder.resolve("delta.vmdk");
        Files.write(vmdk, ByteBuffer.allocate(2048).put("COWD".getBytes(StandardCharsets.US_ASCII)).array());

        assertThatThrownBy(() -> DiskImages.open(vmdk)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("COWD");
    }

    // ---- streamOptimized made by Ferry's writer ----

    private Path stream() throws IOException {
        Path raw = SyntheticDisk.ofSize(2 * MIB).with(0, MIB, Content.RANDOM).writeRaw(folder.resolve("o.raw"));
        Path vmdk = folder.resolve("o.vmdk");
        try (DiskImage source = new RawImage(FileByteSource.open(raw));
                DiskImageWriter writer = new VmdkWriterFactory().create(vmdk, source.virtualSize(),
                        WriteOptions.defaults())) {
            SimpleCopy.copyAll(source, writer);
        }
        assertThat(FilePatch.getLong(vmdk, FIRST_RECORD)).as("first grain's LBA").isZero();
        return vmdk;
    }

    @Test
    void refusesAGrainClaimingAHugeCompressedSize() throws IOException {
        Path vmdk = stream();
        FilePatch.putInt(vmdk, FIRST_RECORD + 8, 0x7fffffff);

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(4 * GRAIN)), FIRST_RECORD + 8, "claims");
        }
    }

    @Test
    void refusesAGrainThatInflatesBeyondAGrain() throws IOException {
        Path vmdk = stream();
        byte[] bomb = zlib(new byte[16 * GRAIN]);
        FilePatch.putInt(vmdk, FIRST_RECORD + 8, bomb.length);
        FilePatch.putBytes(vmdk, FIRST_RECORD + 12, bomb);

        try (DiskImage image = DiskImages.open(vmdk)) {
            // Both paths: straight into the caller's buffer, and through a scratch grain for a partial read.
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(GRAIN)), FIRST_RECORD, "more than");
            assertCorruptAt(() -> image.read(100, ByteBuffer.allocate(100)), FIRST_RECORD, "more than");
        }
    }

    @Test
    void refusesATruncatedDeflateStream() throws IOException {
        Path vmdk = stream();
        FilePatch.putInt(vmdk, FIRST_RECORD + 8, 20);

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(GRAIN)), FIRST_RECORD, "ends before");
        }
    }

    @Test
    void refusesGarbageInsteadOfDeflateData() throws IOException {
        Path vmdk = stream();
        FilePatch.putBytes(vmdk, FIRST_RECORD + 12, "not a zlib stream at all".getBytes(StandardCharsets.US_ASCII));

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(GRAIN)), FIRST_RECORD, "zlib");
        }
    }

    @Test
    void refusesAGrainMarkerForTheWrongSector() throws IOException {
        Path vmdk = stream();
        FilePatch.putLong(vmdk, FIRST_RECORD, 999);

        try (DiskImage image = DiskImages.open(vmdk)) {
            assertCorruptAt(() -> image.read(0, ByteBuffer.allocate(GRAIN)), FIRST_RECORD, "sector 999");
        }
    }

    @Test
    void refusesAStreamThatWasCutOff() throws IOException {
        Path vmdk = stream();
        FilePatch.truncate(vmdk, Files.size(vmdk) - 512);

        assertCorruptAt(() -> DiskImages.open(vmdk), Files.size(vmdk) - 1536, "cut off");
    }

    @Test
    void refusesAStreamWithoutRoomForAFooter() throws IOException {
        Path vmdk = stream();
        FilePatch.truncate(vmdk, 1024);

        assertCorruptAt(() -> DiskImages.open(vmdk), 1024, "too short");
    }

    // ---- text descriptors ----

    private Path descriptor(String extents) throws IOException {
        Path file = folder.resolve("d.vmdk");
        Files.writeString(file, "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\n"
                + "createType=\"monolithicFlat\"\n\n# Extent description\n" + extents + "\n#DDB\nddb.adapterType = \"ide\"\n");
        return file;
    }

    @Test
    void refusesAnExtentOfAbsurdSize() throws IOException {
        Path file = descriptor("RW 1000000000000000000000000000 FLAT \"d-flat.vmdk\" 0");

        assertCorruptAt(() -> DiskImages.open(file), offsetOf(file, "RW "), "beyond the supported");
    }

    @Test
    void refusesExtentsThatAddUpToAnAbsurdSize() throws IOException {
        long half = (64L << 40) / 512 / 2 + 1;
        Path file = descriptor("RW " + half + " ZERO\nRW " + half + " ZERO");

        assertThatThrownBy(() -> DiskImages.open(file)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("add up").satisfies(e -> assertThat(((ImageFormatException) e).fileOffset())
                        .isGreaterThan(offsetOf(file, "RW ")));
    }

    @Test
    void refusesTooManyExtents() throws IOException {
        Path file = descriptor("RW 1 ZERO\n".repeat(VmdkFormat.MAX_EXTENTS + 1));

        assertThatThrownBy(() -> DiskImages.open(file)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("more than " + VmdkFormat.MAX_EXTENTS + " extents");
    }

    @Test
    void refusesAFlatExtentLongerThanItsFile() throws IOException {
        Files.write(folder.resolve("d-flat.vmdk"), new byte[4096]);
        Path file = descriptor("RW 16 FLAT \"d-flat.vmdk\" 0");

        assertCorruptAt(() -> DiskImages.open(file), offsetOf(file, "RW "), "has only 4096");
    }

    @Test
    void refusesLinesThatAreNeitherSettingsNorExtents() throws IOException {
        Path file = descriptor("RW 16 FLAT \"d-flat.vmdk\" 0\nthis is not a descriptor line");

        assertCorruptAt(() -> DiskImages.open(file), offsetOf(file, "this is"), "neither a setting nor an extent");
    }

    @Test
    void refusesExtentPathsThatEscapeTheFolder() throws IOException {
        Path inner = Files.createDirectory(folder.resolve("inner"));
        Files.write(folder.resolve("outside-flat.vmdk"), new byte[8192]);
        Path file = inner.resolve("d.vmdk");
        Files.writeString(file, "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicFlat\"\n"
                + "RW 16 FLAT \"../outside-flat.vmdk\" 0\n");

        assertCorruptAt(() -> DiskImages.open(file), offsetOf(file, "RW "), "../outside-flat.vmdk");

        Files.writeString(file, "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicFlat\"\n"
                + "RW 16 FLAT \"" + folder.resolve("outside-flat.vmdk") + "\" 0\n");
        assertCorruptAt(() -> DiskImages.open(file), offsetOf(file, "RW "), "outside");
    }

    @Test
    void refusesADeltaDiskThatIsItsOwnParentOrEscapesTheFolder() throws IOException {
        Path delta = folder.resolve("delta.vmdk");
        Files.writeString(delta, "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=12345678\n"
                + "createType=\"monolithicFlat\"\nparentFileNameHint=\"delta.vmdk\"\nRW 16 ZERO\n");
        assertThatThrownBy(() -> DiskImages.open(delta)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("loops back");

        Files.writeString(delta, "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=12345678\n"
                + "createType=\"monolithicFlat\"\nparentFileNameHint=\"../elsewhere.vmdk\"\nRW 16 ZERO\n");
        assertThatThrownBy(() -> DiskImages.open(delta)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("../elsewhere.vmdk");
    }

    @Test
    void refusesEsxSnapshotExtentsClearly() throws IOException {
        Files.write(folder.resolve("d-delta.vmdk"), new byte[8192]);
        Path file = descriptor("RW 16 VMFSSPARSE \"d-delta.vmdk\"");

        assertThatThrownBy(() -> DiskImages.open(file)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("VMFSSPARSE").hasMessageContaining("not supported");
    }

    private static long offsetOf(Path file, String text) throws IOException {
        return Files.readString(file).indexOf(text);
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater(9);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void assertCorruptAt(ThrowingCallable call, long fileOffset, String problem) {
        assertThatThrownBy(call).isInstanceOf(ImageFormatException.class).hasMessageContaining(problem)
                .hasMessageStartingWith("vmdk: ")
                .satisfies(e -> assertThat(((ImageFormatException) e).fileOffset()).as(e.getMessage())
                        .isEqualTo(fileOffset));
    }
}
