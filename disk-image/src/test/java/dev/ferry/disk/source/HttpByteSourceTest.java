package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.testing.ImageAssertions;

/** Reads files from a real HTTP server on loopback, including servers that misbehave in the ways real ones do. */
class HttpByteSourceTest {

    private static final String DISK = "/folder/vm/disk.vmdk";
    private static final SourceOptions FAST_RETRIES = SourceOptions.builder().retryBackoff(Duration.ofMillis(1))
            .build();

    @TempDir
    Path folder;

    @Test
    void readsAFileWithRangeRequestsExactly() throws Exception {
        byte[] content = randomBytes((3 << 20) + 4_321, 1);
        Path expected = Files.write(folder.resolve("expected.raw"), content);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content);
                ByteSource source = ByteSources.open(server.url(DISK))) {
            assertThat(source.size()).isEqualTo(content.length);
            assertThat(source.read(content.length, ByteBuffer.allocate(10))).isEqualTo(-1);
            try (DiskImage image = DiskImages.openRaw(source)) {
                ImageAssertions.assertSameContent(image, expected);
            }
        }
    }

    @Test
    void servesConcurrentReadersWithinTheInFlightLimit() throws Exception {
        byte[] content = randomBytes(2 << 20, 2);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content);
                ByteSource source = ByteSources.open(server.url(DISK), SourceOptions.builder()
                        .maxRequestsInFlight(3).build())) {
            List<Future<?>> readers = new ArrayList<>();
            for (int reader = 0; reader < 6; reader++) {
                SplittableRandom random = new SplittableRandom(reader);
                readers.add(threads.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        int offset = random.nextInt(content.length - 1);
                        int length = Math.min(content.length - offset, random.nextInt(1, 200_000));
                        assertReads(source, content, offset, length);
                    }
                    return null;
                }));
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
            assertThat(server.maxConcurrent()).isBetween(1, 3);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesAServerThatIgnoresRangeInsteadOfDownloadingTheWholeFile() throws Exception {
        byte[] content = randomBytes(8 << 20, 3);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content).ignoringRange();
                ByteSource source = ByteSources.open(server.url(DISK))) {
            assertThatThrownBy(() -> source.readFully(1_000, ByteBuffer.allocate(4_096)))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("server ignores HTTP Range requests")
                    .hasMessageContaining("8388608 bytes");
            assertThat(server.requests()).as("HEAD and one GET: no retries of a permanent refusal").isEqualTo(2);
        }
    }

    @Test
    void acceptsAWholeFileAnswerWhenTheWholeFileWasAskedFor() throws Exception {
        byte[] content = randomBytes(1_000, 4);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content).ignoringRange();
                ByteSource source = ByteSources.open(server.url(DISK))) {
            assertReads(source, content, 0, content.length);
        }
    }

    @Test
    void findsTheSizeWithARangeProbeWhenHeadIsRefused() throws Exception {
        byte[] content = randomBytes(70_000, 5);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content).refusingHead();
                ByteSource source = ByteSources.open(server.url(DISK))) {
            assertThat(source.size()).isEqualTo(70_000);
            assertReads(source, content, 69_000, 1_000);
        }
    }

    @Test
    void retriesServerErrorsAndCutOffBodies() throws Exception {
        byte[] content = randomBytes(100_000, 6);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content);
                ByteSource source = ByteSources.open(server.url(DISK), FAST_RETRIES)) {
            server.failingFirst(2).truncatingFirst(2);
            assertReads(source, content, 5_000, 50_000);
            assertThat(server.requests()).as("HEAD, two 503s, two cut-off bodies, the good answer").isEqualTo(6);
        }
    }

    @Test
    void givesUpAfterTheConfiguredNumberOfRetries() throws Exception {
        SourceOptions twoRetries = SourceOptions.builder().retryBackoff(Duration.ofMillis(1)).maxRetries(2).build();
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, randomBytes(1_000, 7));
                ByteSource source = ByteSources.open(server.url(DISK), twoRetries)) {
            server.failingFirst(100);
            assertThatThrownBy(() -> source.readFully(0, ByteBuffer.allocate(10)))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("HTTP 503 (server error)");
            assertThat(server.requests()).isEqualTo(1 + 3);
        }
    }

    @Test
    void failsInsteadOfHangingWhenTheBodyStalls() throws Exception {
        SourceOptions quick = SourceOptions.builder().requestTimeout(Duration.ofMillis(300)).maxRetries(1)
                .retryBackoff(Duration.ofMillis(1)).build();
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, randomBytes(10_000, 8));
                ByteSource source = ByteSources.open(server.url(DISK), quick)) {
            server.stallingBodies();
            long started = System.nanoTime();
            assertThatThrownBy(() -> source.readFully(0, ByteBuffer.allocate(5_000)))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("no complete answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void sendsTheSessionCookieAndNeverShowsIt() throws Exception {
        byte[] content = randomBytes(10_000, 9);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content)
                .requiring("Cookie", "vmware_soap_session=\"52a1-secret-token\"")) {
            assertThatThrownBy(() -> ByteSources.open(server.url(DISK)))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("HTTP 401 (authentication required");
            SourceOptions wrong = SourceOptions.builder().cookie("vmware_soap_session", "\"wrong-secret\"").build();
            assertThatThrownBy(() -> ByteSources.open(server.url(DISK), wrong))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageNotContaining("wrong-secret");
            SourceOptions right = SourceOptions.builder().cookie("vmware_soap_session", "\"52a1-secret-token\"")
                    .build();
            assertThat(right.toString()).doesNotContain("secret").contains("Cookie");
            try (ByteSource source = ByteSources.open(server.url(DISK), right)) {
                assertReads(source, content, 0, content.length);
                assertThat(source.describe()).doesNotContain("secret");
            }
        }
    }

    @Test
    void usesUserInfoAsBasicAuthenticationButNeverShowsThePassword() throws Exception {
        byte[] content = randomBytes(10_000, 10);
        String token = Base64.getEncoder().encodeToString("admin:s3cr%t".getBytes(StandardCharsets.UTF_8));
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, content)
                .requiring("Authorization", "Basic " + token)) {
            String url = server.url(DISK).replace("http://", "http://admin:s3cr%25t@");
            try (ByteSource source = ByteSources.open(url)) {
                assertReads(source, content, 100, 200);
                assertThat(source.describe()).isEqualTo(server.url(DISK)).doesNotContain("s3cr");
            }
            String wrongPassword = server.url(DISK).replace("http://", "http://admin:0ther@");
            assertThatThrownBy(() -> ByteSources.open(wrongPassword))
                    .hasMessageContaining("HTTP 401")
                    .hasMessageNotContaining("0ther")
                    .hasMessageNotContaining("admin");
        }
    }

    @Test
    void opensSiblingsInTheSameFolderKeepingTheDatastoreQuery() throws Exception {
        byte[] descriptor = "# Disk DescriptorFile".getBytes(StandardCharsets.US_ASCII);
        byte[] extent = randomBytes(50_000, 11);
        try (RangeFileServer server = RangeFileServer.http().serve(DISK, descriptor)
                .serve("/folder/vm/my disk-flat.vmdk", extent)
                .serve("/folder/other/secret.vmdk", extent);
                ByteSource source = ByteSources.open(server.url(DISK) + "?dcPath=dc1&dsName=datastore1")) {
            assertThat(source.describe()).endsWith("/folder/vm/disk.vmdk?dcPath=...&dsName=...");
            try (ByteSource sibling = source.openSibling("my disk-flat.vmdk")) {
                assertThat(sibling.size()).isEqualTo(extent.length);
                assertReads(sibling, extent, 10, 40_000);
                assertThat(server.lastQuery()).isEqualTo("dcPath=dc1&dsName=datastore1");
                assertThat(sibling.describe()).contains("/folder/vm/my%20disk-flat.vmdk?dcPath=...");
            }
            for (String escape : List.of("../other/secret.vmdk", "/folder/other/secret.vmdk", "a/../../x",
                    "..\\other\\secret.vmdk", "./disk.vmdk", "")) {
                assertThatThrownBy(() -> source.openSibling(escape)).as(escape)
                        .isInstanceOf(SecurityException.class);
            }
        }
    }

    @Test
    void namesAMissingFileClearly() throws Exception {
        try (RangeFileServer server = RangeFileServer.http()) {
            assertThatThrownBy(() -> ByteSources.open(server.url("/folder/missing.vmdk")))
                    .isInstanceOf(RemoteSourceException.class)
                    .hasMessageContaining("/folder/missing.vmdk: HTTP 404 (no such file on the server)");
        }
    }

    private static void assertReads(ByteSource source, byte[] content, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        source.readFully(offset, buffer);
        assertThat(buffer.flip().mismatch(ByteBuffer.wrap(content, offset, length))).as("mismatch reading %d+%d",
                offset, length).isEqualTo(-1);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
