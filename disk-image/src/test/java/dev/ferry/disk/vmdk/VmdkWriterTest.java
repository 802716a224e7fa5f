package dev.ferry.disk.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.raw.RawImage;
import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SimpleCopy;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.EncodedChunk;
import dev.ferry.disk.write.WriteOptions;

/** Writes streamOptimized and monolithicSparse VMDKs from raw disks and lets qemu-img judge them. */
class VmdkWriterTest {

    private static final long MIB = 1 << 20;
    private static final int GRAIN = 64 * 1024;
    private static final VmdkWriterFactory FACTORY = new VmdkWriterFactory();
    private static final String STREAM = "streamOptimized";
    private static final String SPARSE = "monolithicSparse";

    @TempDir
    Path folder;

    private static SyntheticDisk disk(String shape) {
        return switch (shape) {
            case "odd size, data in first and last sector" -> VmdkTestDisks.oddSizeWithDataInFirstAndLastSector();
            case "empty" -> VmdkTestDisks.empty();
            case "full of random data" -> VmdkTestDisks.fullOfRandomData();
            // Holes of several grain tables (32 MiB each) between data.
            case "scattered with whole empty grain tables" -> SyntheticDisk.ofSize(150 * MIB + 512)
                    .with(5 * MIB - 100, 200, Content.RANDOM)
                    .with(31 * MIB, 2 * MIB, Content.TEXT)
                    .with(40 * MIB, 3 * MIB + 7, Content.RANDOM)
                    .with(140 * MIB, 10 * MIB + 512, Content.TEXT);
            default -> throw new IllegalArgumentException(shape);
        };
    }

    static Stream<Arguments> subformatsAndDisks() {
        List<Arguments> cases = new ArrayList<>();
        for (String subformat : List.of(STREAM, SPARSE)) {
            for (String shape : List.of("odd size, data in first and last sector", "empty", "full of random data",
                    "scattered with whole empty grain tables")) {
                cases.add(Arguments.of(subformat, shape));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("subformatsAndDisks")
    void writesImagesQemuReadsAsTheSource(String subformat, String shape) throws IOException {
        Path raw = disk(shape).writeRaw(folder.resolve("disk.raw"));
        Path vmdk = folder.resolve("disk.vmdk");

        copy(raw, vmdk, WriteOptions.subformat(subformat));

        assertQemuAgrees(raw, vmdk);
        assertThat(QemuImg.infoJson(vmdk, "vmdk")).contains("\"create-type\": \"" + subformat + "\"");
        try (DiskImage image = DiskImages.open(vmdk)) {
            ImageAssertions.assertSameContent(image, raw);
            assertThat(image.info().subformat()).isEqualTo(subformat);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { STREAM, SPARSE })
    void roundsASizeThatIsNotWholeSectorsUpLikeQemu(String subformat) throws IOException {
        Path raw = SyntheticDisk.ofSize(MIB + 100).with(MIB, 100, Content.RANDOM).writeRaw(folder.resolve("o.raw"));
        Path vmdk = folder.resolve("o.vmdk");

        copy(raw, vmdk, WriteOptions.subformat(subformat));

        assertQemuAgrees(raw, vmdk);
        byte[] expected = Arrays.copyOf(Files.readAllBytes(raw), (int) MIB + 512);
        try (DiskImage image = DiskImages.open(vmdk)) {
            assertThat(image.virtualSize()).isEqualTo(MIB + 512);
            ByteBuffer all = ByteBuffer.allocate((int) image.virtualSize());
            image.read(0, all);
            assertThat(all.array()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { STREAM, SPARSE })
    void neverStoresGrainsForZeroData(String subformat) throws IOException {
        try (DiskImageWriter writer = FACTORY.create(folder.resolve("z.vmdk"), 4 * MIB, WriteOptions.subformat(
                subformat))) {
            ByteBuffer chunk = ByteBuffer.allocate((int) MIB);
            chunk.put(3 * GRAIN + 17, (byte) 1);
            EncodedChunk encoded = writer.encode(MIB, chunk);
            assertThat(((EncodedGrains) encoded.payload()).grains()).containsExactly(MIB / GRAIN + 3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { STREAM, SPARSE })
    void resumesFromACheckpointToTheSameBytesAsAnUninterruptedRun(String subformat) throws IOException {
        Path raw = SyntheticDisk.scattered(80 * MIB, 3, 0.3, 0.4, 20_000, 2 * MIB).writeRaw(folder.resolve("r.raw"));
        WriteOptions options = new WriteOptions(subformat, 0, Map.of("cid", "0badcafe"));
        Path uninterrupted = Files.createDirectory(folder.resolve("whole")).resolve("disk.vmdk");
        copy(raw, uninterrupted, options);

        Path resumed = Files.createDirectory(folder.resolve("resumed")).resolve("disk.vmdk");
        try (DiskImage source = new RawImage(FileByteSource.open(raw))) {
            byte[] state = writeThenCrash(source, resumed, options, 33 * MIB, 70 * MIB);
            try (DiskImageWriter again = FACTORY.resume(resumed, state)) {
                SimpleCopy.copy(source, again, 33 * MIB, source.virtualSize());
                again.finish(true);
            }
        }

        assertSameBytes(resumed, uninterrupted);
        assertQemuAgrees(raw, resumed);
    }

    @Test
    void resumedSparseWriterLeavesNoTablesFromTheLostRun() throws IOException {
        // The lost run stored grain tables beyond the checkpoint; the resumed run writes less data than it did.
        Path raw = SyntheticDisk.ofSize(100 * MIB).with(0, 100 * MIB, Content.TEXT).writeRaw(folder.resolve("l.raw"));
        Path vmdk = folder.resolve("l.vmdk");
        try (DiskImage source = new RawImage(FileByteSource.open(raw))) {
            byte[] state = writeThenCrash(source, vmdk, WriteOptions.subformat(SPARSE), 10 * MIB, 100 * MIB);
            try (DiskImageWriter again = FACTORY.resume(vmdk, state)) {
                SimpleCopy.copy(source, again, 10 * MIB, 20 * MIB);
                again.finish(true);
            }
        }

        Path expected = SyntheticDisk.ofSize(100 * MIB).with(0, 20 * MIB, Content.TEXT).writeRaw(folder.resolve(
                "e.raw"));
        assertQemuAgrees(expected, vmdk);
    }

    @ParameterizedTest
    @ValueSource(strings = { STREAM, SPARSE })
    void encodesInParallelToTheSameBytesAsSequentially(String subformat) throws Exception {
        Path raw = SyntheticDisk.scattered(48 * MIB, 5, 0.4, 0.4, 50_000, MIB).writeRaw(folder.resolve("p.raw"));
        WriteOptions options = new WriteOptions(subformat, 0, Map.of("cid", "11111111"));
        Path sequential = Files.createDirectory(folder.resolve("sequential")).resolve("disk.vmdk");
        copy(raw, sequential, options);

        Path parallel = Files.createDirectory(folder.resolve("parallel")).resolve("disk.vmdk");
        byte[] data = Files.readAllBytes(raw);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (DiskImageWriter writer = FACTORY.create(parallel, data.length, options)) {
            List<Future<EncodedChunk>> chunks = new ArrayList<>();
            for (int offset = 0; offset < data.length; offset += 2 * MIB) {
                ByteBuffer chunk = ByteBuffer.wrap(data, offset, (int) Math.min(2 * MIB, data.length - offset)).slice();
                long at = offset;
                chunks.add(pool.submit(() -> writer.encode(at, chunk)));
            }
            for (Future<EncodedChunk> chunk : chunks) {
                writer.commit(chunk.get());
            }
            writer.finish(true);
        } finally {
            pool.shutdownNow();
        }

        assertSameBytes(parallel, sequential);
    }

    @ParameterizedTest
    @ValueSource(strings = { STREAM, SPARSE })
    void refusesCommitsThatDoNotAscend(String subformat) throws IOException {
        try (DiskImageWriter writer = FACTORY.create(folder.resolve("a.vmdk"), 4 * MIB, WriteOptions.subformat(
                subformat))) {
            ByteBuffer data = ByteBuffer.allocate(GRAIN);
            data.put(0, (byte) 7);
            writer.commit(writer.encode(2 * GRAIN, data.duplicate()));
            EncodedChunk earlier = writer.encode(GRAIN, data.duplicate());
            assertThatThrownBy(() -> writer.commit(earlier)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.encode(100, data.duplicate())).isInstanceOf(
                    IllegalArgumentException.class);
        }
    }

    @Test
    void writesTheStreamHeaderDescriptorAndFooterVmwareExpects() throws IOException {
        Path raw = SyntheticDisk.ofSize(20 * MIB).with(MIB, MIB, Content.TEXT).writeRaw(folder.resolve("h.raw"));
        Path vmdk = folder.resolve("h.vmdk");

        copy(raw, vmdk, new WriteOptions(null, 0, Map.of("adapter_type", "ide", "hwversion", "7", "cid", "1234abcd")));

        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(vmdk)).order(ByteOrder.LITTLE_ENDIAN);
        SparseExtentHeader header = SparseExtentHeader.parse(file.slice(0, 512), 0);
        assertThat(header.version()).isEqualTo(3);
        assertThat(header.flags()).isEqualTo(0x30001);
        assertThat(header.capacity()).isEqualTo(20 * MIB / 512);
        assertThat(header.grainSize()).isEqualTo(128);
        assertThat(header.tableEntries()).isEqualTo(512);
        assertThat(header.directoryOffset()).isEqualTo(-1L);
        assertThat(header.compression()).isEqualTo(1);
        assertThat(header.descriptorOffset()).isEqualTo(1);
        assertThat(header.overhead() % 128).isZero();

        String descriptor = new String(Files.readAllBytes(vmdk), (int) header.descriptorOffset() * 512,
                (int) header.descriptorSize() * 512, StandardCharsets.UTF_8);
        assertThat(descriptor).startsWith("# Disk DescriptorFile\n")
                .contains("CID=1234abcd\n", "parentCID=ffffffff\n", "createType=\"streamOptimized\"\n",
                        "RW 40960 SPARSE \"h.vmdk\"\n", "ddb.adapterType = \"ide\"\n",
                        "ddb.virtualHWVersion = \"7\"\n", "ddb.geometry.heads = \"16\"\n");

        int size = file.capacity();
        assertThat(file.getLong(size - 1536)).isEqualTo(1);
        assertThat(file.getInt(size - 1536 + 12)).isEqualTo(VmdkFormat.MARKER_FOOTER);
        SparseExtentHeader footer = SparseExtentHeader.parse(file.slice(size - 1024, 512), size - 1024);
        assertThat(footer.directoryOffset()).isPositive();
        assertThat(footer.withDirectoryOffset(-1L)).isEqualTo(header);
        assertThat(file.slice(size - 512, 512)).isEqualTo(ByteBuffer.allocate(512));
        assertThat(file.getInt((int) footer.directoryOffset() * 512 - 512 + 12))
                .isEqualTo(VmdkFormat.MARKER_GRAIN_DIRECTORY);
        // One grain table, for the data between 1 and 2 MiB, right after its grains and behind its marker.
        int table = file.getInt((int) footer.directoryOffset() * 512);
        assertThat(file.getInt(table * 512 - 512 + 12)).isEqualTo(VmdkFormat.MARKER_GRAIN_TABLE);
        assertThat(file.getInt((int) footer.directoryOffset() * 512 + 4)).as("no second table").isZero();
    }

    @Test
    void writesTheSparseLayoutQemuAndVmwareUse() throws IOException {
        Path raw = SyntheticDisk.ofSize(40 * MIB).with(33 * MIB, 1000, Content.TEXT).writeRaw(folder.resolve("s.raw"));
        Path vmdk = folder.resolve("s.vmdk");

        copy(raw, vmdk, WriteOptions.subformat(SPARSE));

        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(vmdk)).order(ByteOrder.LITTLE_ENDIAN);
        SparseExtentHeader header = SparseExtentHeader.parse(file.slice(0, 512), 0);
        assertThat(header.version()).isEqualTo(1);
        assertThat(header.flags()).isEqualTo(0x3);
        assertThat(header.compression()).isZero();
        assertThat(header.descriptorSize()).isEqualTo(20);
        assertThat(header.redundantDirectoryOffset()).isEqualTo(21);
        // Both directories point at tables whose second one holds the only grain, at the first grain sector.
        for (long directory : new long[] { header.directoryOffset(), header.redundantDirectoryOffset() }) {
            int secondTable = file.getInt((int) directory * 512 + 4);
            assertThat(file.getInt(secondTable * 512 + 4 * 16)).isEqualTo((int) header.overhead());
        }
        assertThat(file.capacity()).isEqualTo((header.overhead() + 128) * 512);
    }

    @Test
    void acceptsEveryCompressionLevel() throws IOException {
        Path raw = SyntheticDisk.ofSize(4 * MIB).with(0, 4 * MIB, Content.TEXT).writeRaw(folder.resolve("c.raw"));
        Path stored = folder.resolve("level0.vmdk");
        Path best = folder.resolve("level9.vmdk");

        copy(raw, stored, new WriteOptions(null, 0, Map.of("compression.level", "0")));
        copy(raw, best, new WriteOptions(null, 0, Map.of("compression.level", "9")));

        assertQemuAgrees(raw, stored);
        assertQemuAgrees(raw, best);
        assertThat(Files.size(best)).isLessThan(Files.size(stored) / 10);
    }

    @Test
    void refusesOptionsItDoesNotKnow() {
        Path file = folder.resolve("x.vmdk");
        assertThatThrownBy(() -> FACTORY.create(file, MIB, new WriteOptions(null, 0, Map.of("adapter", "ide"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adapter");
        assertThatThrownBy(() -> FACTORY.create(file, MIB, new WriteOptions(null, 0, Map.of("adapter_type",
                "nvme")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FACTORY.create(file, MIB, new WriteOptions(null, 0, Map.of("compression.level",
                "11")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FACTORY.create(file, MIB, WriteOptions.subformat("monolithicFlat")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FACTORY.create(file, MIB, new WriteOptions(null, 4096, Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FACTORY.create(file, 0, WriteOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void refusesCheckpointsOfOtherFilesAndOtherWriters() throws IOException {
        Path first = folder.resolve("first.vmdk");
        byte[] state;
        try (DiskImageWriter writer = FACTORY.create(first, 8 * MIB, WriteOptions.defaults())) {
            state = writer.checkpoint();
        }
        Path other = folder.resolve("other.vmdk");
        FACTORY.create(other, 16 * MIB, WriteOptions.defaults()).close();

        assertThatThrownBy(() -> FACTORY.resume(other, state)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FACTORY.resume(first, Arrays.copyOf(state, 7))).isInstanceOf(
                IllegalArgumentException.class);
        byte[] garbage = state.clone();
        garbage[0] = 99;
        assertThatThrownBy(() -> FACTORY.resume(first, garbage)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Copies up to {@code checkpointAt}, checkpoints, copies on to {@code lostUpTo} and "crashes". */
    private static byte[] writeThenCrash(DiskImage source, Path vmdk, WriteOptions options, long checkpointAt,
            long lostUpTo) throws IOException {
        DiskImageWriter writer = FACTORY.create(vmdk, source.virtualSize(), options);
        SimpleCopy.copy(source, writer, 0, checkpointAt);
        byte[] state = writer.checkpoint();
        SimpleCopy.copy(source, writer, checkpointAt, lostUpTo);
        writer.close();
        return state;
    }

    private static void copy(Path raw, Path vmdk, WriteOptions options) throws IOException {
        try (DiskImage source = new RawImage(FileByteSource.open(raw));
                DiskImageWriter writer = FACTORY.create(vmdk, source.virtualSize(), options)) {
            SimpleCopy.copyAll(source, writer);
        }
    }

    private static void assertSameBytes(Path actual, Path expected) throws IOException {
        assertThat(Files.mismatch(actual, expected)).as("first differing byte of %s and %s (sizes %d, %d)", actual,
                expected, Files.size(actual), Files.size(expected)).isEqualTo(-1);
    }

    private static void assertQemuAgrees(Path raw, Path vmdk) {
        QemuImg.Result compare = QemuImg.compare(raw, "raw", vmdk, "vmdk");
        assertThat(compare.exitCode()).as(compare.output()).isZero();
        QemuImg.Result check = QemuImg.check(vmdk, "vmdk");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }
}
