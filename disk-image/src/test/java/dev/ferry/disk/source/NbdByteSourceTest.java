package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.Extent;
import dev.ferry.disk.testing.ImageAssertions;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;

/** Reads exports served by real NBD servers (qemu-nbd, nbdkit) and checks them against the files they serve. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NbdByteSourceTest {

    private static final long DISK_SIZE = 8L << 20;
    private static final long ODD_SIZE = (6L << 20) + 12_345;

    @TempDir
    static Path folder;

    private Path raw;
    private Path oddRaw;
    private Path qcow2;
    private final List<NbdServerProcess> servers = new ArrayList<>();

    @BeforeAll
    void createImages() throws IOException {
        raw = SyntheticDisk.scattered(DISK_SIZE, 7, 0.3, 0.3, 3_000, 700_000)
                .with(0, 512, SyntheticDisk.Content.RANDOM)
                .with(DISK_SIZE - 777, 777, SyntheticDisk.Content.TEXT)
                .writeRaw(folder.resolve("disk.raw"));
        oddRaw = SyntheticDisk.scattered(ODD_SIZE, 11, 0.4, 0.2, 1_000, 300_000)
                .with(ODD_SIZE - 1, 1, SyntheticDisk.Content.RANDOM)
                .writeRaw(folder.resolve("odd.raw"));
        qcow2 = folder.resolve("disk.qcow2");
        QemuImg.convert(raw, "raw", qcow2, "qcow2");
    }

    @AfterAll
    void stopServers() throws InterruptedException {
        for (NbdServerProcess server : servers) {
            server.close();
        }
    }

    @Test
    void readsRawExportFromQemuNbdOverTcpExactly() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.qemuNbdTcp(folder, raw, "raw", "disk"));
        try (DiskImage image = DiskImages.openRaw(ByteSources.open(server.uri()))) {
            ImageAssertions.assertSameContent(image, raw);
        }
    }

    @Test
    void reportsUnallocatedQcow2ClustersAsZeroLikeQemuImgMap() throws Exception {
        List<long[]> expectedZeros = zeroRangesFromQemuImgMap(qcow2);
        assertThat(expectedZeros).as("the qcow2 has unallocated clusters to report").isNotEmpty();
        NbdServerProcess server = serve(NbdServerProcess.qemuNbdUnix(folder, qcow2, "qcow2", "vm-disk"));
        try (ByteSource source = ByteSources.open(server.uri())) {
            assertThat(source.describe()).startsWith("nbd+unix:///vm-disk?socket=");
            List<Extent> extents = source.allocation(0, source.size());
            assertThat(extents.get(0).offset()).isZero();
            assertThat(extents.get(extents.size() - 1).end()).isEqualTo(DISK_SIZE);
            for (int i = 1; i < extents.size(); i++) {
                assertThat(extents.get(i).offset()).isEqualTo(extents.get(i - 1).end());
            }
            assertThat(zeroRanges(extents)).containsExactlyElementsOf(expectedZeros);
            try (DiskImage image = DiskImages.openRaw(source)) {
                ImageAssertions.assertSameContent(image, raw);
            }
        }
    }

    @Test
    void concurrentReadersOnOneConnectionGetTheirOwnBytes() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.qemuNbdTcp(folder, raw, "raw", "shared"));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (ByteSource source = ByteSources.open(server.uri(), SourceOptions.builder().maxRequestsInFlight(4)
                .build()); FileChannel expected = FileChannel.open(raw)) {
            List<Future<?>> readers = new ArrayList<>();
            for (int reader = 0; reader < 6; reader++) {
                SplittableRandom random = new SplittableRandom(reader);
                readers.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        long offset = random.nextLong(DISK_SIZE - 1);
                        int length = (int) Math.min(DISK_SIZE - offset, random.nextInt(1, 300_000));
                        assertSameBytes(source, expected, offset, length);
                    }
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void splitsReadsLongerThanTheServersMaximumBlock() throws Exception {
        // The policy filter advertises a 64 KiB maximum and fails any longer request outright.
        NbdServerProcess server = serve(NbdServerProcess.nbdkitTcp(folder, "--filter=blocksize-policy", "file",
                "file=" + oddRaw, "blocksize-maximum=64K", "blocksize-error-policy=error"));
        try (ByteSource source = ByteSources.open(server.uri()); FileChannel expected = FileChannel.open(oddRaw)) {
            assertThat(source.size()).isEqualTo(ODD_SIZE);
            assertSameBytes(source, expected, 1_000, 3 << 20);
            try (DiskImage image = DiskImages.openRaw(source)) {
                ImageAssertions.assertSameContent(image, oddRaw);
            }
        }
    }

    @Test
    void readsWithSimpleRepliesWhenTheServerOffersNoStructuredReplies() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.nbdkitUnix(folder, "--no-sr", "file", "file=" + oddRaw));
        try (ByteSource source = ByteSources.open(server.uri())) {
            assertThat(source.allocation(0, source.size())).containsExactly(Extent.data(0, ODD_SIZE));
            try (DiskImage image = DiskImages.openRaw(source)) {
                ImageAssertions.assertSameContent(image, oddRaw);
            }
        }
    }

    @Test
    void reportsAnEmptyMemoryExportAsOneZeroExtent() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.nbdkitUnix(folder, "memory", "size=4M"));
        try (ByteSource source = ByteSources.open(server.uri())) {
            assertThat(source.allocation(0, 4 << 20)).containsExactly(Extent.zeros(0, 4 << 20));
            assertThat(source.allocation(1000, 5000)).containsExactly(Extent.zeros(1000, 5000));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            source.readFully(123, buffer);
            assertThat(buffer.flip().mismatch(ByteBuffer.allocate(1 << 20))).isEqualTo(-1);
        }
    }

    @Test
    void readsSparseRandomExportLikeQemuImgDoes() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.nbdkitTcp(folder, "sparse-random", "size=16M", "seed=42",
                "percent=20", "runlength=204800"));
        Path judged = folder.resolve("sparse-random.raw");
        QemuImg.Result converted = QemuImg.run(List.of("convert", "-f", "raw", "-O", "raw", server.uri(), judged
                .toString()));
        assertThat(converted.ok()).as(converted.output()).isTrue();
        try (ByteSource source = ByteSources.open(server.uri()); DiskImage image = DiskImages.openRaw(source)) {
            List<Extent> extents = source.allocation(0, source.size());
            assertThat(extents).anyMatch(Extent::zero).anyMatch(extent -> !extent.zero());
            ImageAssertions.assertSameContent(image, judged);
        }
    }

    @Test
    void namesTheMissingExportWhenTheExportNameIsWrong() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.qemuNbdTcp(folder, raw, "raw", "right"));
        assertThatThrownBy(() -> ByteSources.open(server.uriWithExport("wrong")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wrong")
                .hasMessageContaining("no such export");
    }

    @Test
    void reportsTheServersReadErrorWithItsName() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.nbdkitTcp(folder, "--filter=error", "memory", "size=1M",
                "error-pread=EIO", "error-pread-rate=100%"));
        try (ByteSource source = ByteSources.open(server.uri())) {
            assertThatThrownBy(() -> source.readFully(0, ByteBuffer.allocate(4096)))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("EIO")
                    .hasMessageContaining("read of 4096 bytes at offset 0");
        }
    }

    @Test
    void failsInsteadOfHangingWhenTheServerStopsAnswering() throws Exception {
        NbdServerProcess server = serve(NbdServerProcess.nbdkitTcp(folder, "--filter=delay", "memory", "size=1M",
                "delay-read=30"));
        SourceOptions options = SourceOptions.builder().requestTimeout(Duration.ofMillis(500)).build();
        try (ByteSource source = ByteSources.open(server.uri(), options)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> source.readFully(0, ByteBuffer.allocate(4096)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("no reply to a read of 4096 bytes at offset 0 within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThatThrownBy(() -> source.readFully(0, ByteBuffer.allocate(1)))
                    .as("the failed connection stays failed")
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void failsWhenTheServerDiesDuringAReadLoop() throws Exception {
        NbdServerProcess server = NbdServerProcess.qemuNbdTcp(folder, raw, "raw", "dying");
        try (ByteSource source = ByteSources.open(server.uri())) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            source.readFully(0, buffer.clear());
            server.kill();
            assertThatThrownBy(() -> {
                for (long offset = 0; offset < DISK_SIZE; offset = (offset + buffer.capacity()) % DISK_SIZE) {
                    source.readFully(offset, buffer.clear());
                }
            }).isInstanceOf(IOException.class).hasMessageContaining(server.uri().replace("/dying", ""));
        } finally {
            server.close();
        }
    }

    private NbdServerProcess serve(NbdServerProcess server) {
        servers.add(server);
        return server;
    }

    private static void assertSameBytes(ByteSource source, FileChannel expected, long offset, int length)
            throws IOException {
        ByteBuffer actual = ByteBuffer.allocate(length);
        source.readFully(offset, actual);
        ByteBuffer wanted = ByteBuffer.allocate(length);
        while (wanted.hasRemaining()) {
            expected.read(wanted, offset + wanted.position());
        }
        assertThat(actual.flip().mismatch(wanted.flip())).as("first mismatch reading %d+%d", offset, length)
                .isEqualTo(-1);
    }

    private static List<long[]> zeroRanges(List<Extent> extents) {
        List<long[]> zeros = new ArrayList<>();
        for (Extent extent : extents) {
            if (extent.zero()) {
                addMerged(zeros, extent.offset(), extent.end());
            }
        }
        return zeros;
    }

    /** The ranges qemu-img map calls zero, merged, as [start, end) pairs. */
    private static List<long[]> zeroRangesFromQemuImgMap(Path image) {
        QemuImg.Result map = QemuImg.run(List.of("map", "--output=json", "-f", "qcow2", image.toString()));
        assertThat(map.ok()).as(map.output()).isTrue();
        List<long[]> zeros = new ArrayList<>();
        Matcher entry = Pattern.compile("\\{[^}]*\\}").matcher(map.output());
        while (entry.find()) {
            String json = entry.group();
            if (json.contains("\"zero\": true")) {
                long start = number(json, "start");
                addMerged(zeros, start, start + number(json, "length"));
            }
        }
        return zeros;
    }

    private static void addMerged(List<long[]> ranges, long start, long end) {
        if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] == start) {
            ranges.get(ranges.size() - 1)[1] = end;
        } else {
            ranges.add(new long[] { start, end });
        }
    }

    private static long number(String json, String key) {
        Matcher matcher = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertThat(matcher.find()).as(key + " in " + json).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
