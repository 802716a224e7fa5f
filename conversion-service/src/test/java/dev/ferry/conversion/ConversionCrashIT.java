package dev.ferry.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ferry.conversion.testing.ConversionTopics;
import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.convert.ConversionOptions;
import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.events.conversion.TargetLocation;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.TargetPlatform;
import dev.ferry.localstack.Endpoints;
import dev.ferry.localstack.JwtIssuer;
import dev.ferry.localstack.ServiceProcess;
import dev.ferry.localstack.testing.TestInfrastructure;

/**
 * The packaged worker, run as its own process, killed with SIGKILL in the middle of a 1 GiB disk or stopped with
 * SIGTERM: a second worker resumes the disk from its checkpoint, the output is byte for byte what an uninterrupted
 * conversion writes, and the job completes once.
 */
class ConversionCrashIT {

    private static final long SIZE = 1L << 30;
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    private static Path folder;
    private static Path source;
    private static Path reference;
    private static ConversionTopics topics;

    @BeforeAll
    static void prepare() throws IOException {
        folder = Files.createDirectories(Path.of("target/crash-it").toAbsolutePath().resolve(UUID.randomUUID()
                .toString()));
        Files.createDirectories(folder.resolve("sources"));
        Files.createDirectories(folder.resolve("targets"));
        source = SyntheticDisk.scattered(SIZE, 42, 0.35, 0.25, 256 << 10, 16 << 20)
                .writeRaw(folder.resolve("sources/big.raw"));
        reference = folder.resolve("reference.vhdx");
        try (DiskImage image = DiskImages.open(source)) {
            new ImageConverter(ConversionOptions.builder().targetFormat(ImageFormat.VHDX)
                    .writeOptions(WriteOptions.subformat("dynamic")).digest(true).threads(2).noCheckpoints().build())
                    .convert(image, reference);
        }
        topics = new ConversionTopics(TestInfrastructure.endpoints().kafkaBootstrapServers());
    }

    @AfterAll
    static void close() throws IOException {
        if (topics != null) {
            topics.close();
        }
        // The gigabyte images go; the workers' logs stay for a look after a failure.
        try (var files = Files.walk(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".raw") || path.toString().endsWith(
                    ".vhdx")).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void workerKilledMidDiskIsResumedFromItsCheckpointByAnotherAndTheJobCompletesOnce() throws Exception {
        ConversionRequest request = request("crash");
        DiskResult disk;
        try (ServiceProcess first = worker("crash-worker-1", 40)) {
            RecordMetadata record = topics.request(request);
            topics.await(request.jobId(), EventTypes.CONVERSION_CHECKPOINT, JOB_TIMEOUT);
            first.kill();

            try (ServiceProcess second = worker("crash-worker-2", 0)) {
                ConversionUpdate completed = topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED,
                        JOB_TIMEOUT);
                topics.awaitAcknowledged(record, JOB_TIMEOUT);
                disk = completed.disks().get(0);
                assertThat(completed.workerId()).isEqualTo("crash-worker-2");
            }
        }
        assertResumedAndIdentical(request, disk);
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_STARTED)).hasSize(2);
    }

    @Test
    void workerStoppedGracefullyReleasesItsJobAndAnotherResumesItAtOnce() throws Exception {
        ConversionRequest request = request("graceful");
        try (ServiceProcess first = worker("graceful-worker-1", 40)) {
            topics.request(request);
            topics.await(request.jobId(), EventTypes.CONVERSION_CHECKPOINT, JOB_TIMEOUT);
            long stopping = System.nanoTime();
            first.close();
            assertThat(first.alive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(25));
        }
        assertThat(attemptState(request)).isEqualTo("RELEASED");
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_FAILED)).isEmpty();

        DiskResult disk;
        try (ServiceProcess second = worker("graceful-worker-2", 0)) {
            disk = topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT).disks().get(0);
        }
        assertResumedAndIdentical(request, disk);
    }

    private static void assertResumedAndIdentical(ConversionRequest request, DiskResult disk) throws IOException {
        assertThat(disk.resumedFrom()).isPositive();
        assertThat(disk.bytesRead()).isLessThan(SIZE);
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_COMPLETED)).hasSize(1);
        Path target = folder.resolve("targets").resolve(request.target().folder()).resolve("big.vhdx");
        assertThat(QemuImg.compare(source, "raw", target, "vhdx").exitCode()).isZero();
        QemuImg.Result check = QemuImg.check(target, "vhdx");
        assertThat(check.exitCode()).as(check.output()).isZero();
        // Each VHDX file gets fresh identifiers (write GUIDs in its two headers, the Page 83 disk id in its metadata):
        // everything else must be byte for byte what an uninterrupted conversion writes.
        List<Long> differences = differencesOutsideHeaders(target, reference);
        assertThat(differences).as("bytes that differ from an uninterrupted conversion outside the VHDX headers")
                .hasSizeLessThanOrEqualTo(16);
        if (!differences.isEmpty()) {
            assertThat(differences.get(differences.size() - 1) - differences.get(0)).as("one 16-byte GUID")
                    .isLessThan(16);
        }
    }

    /** Offsets at which two VHDX files differ, leaving out the two 4 KiB headers at 64 and 128 KiB. */
    private static List<Long> differencesOutsideHeaders(Path first, Path second) throws IOException {
        assertThat(Files.size(first)).isEqualTo(Files.size(second));
        List<Long> differences = new ArrayList<>();
        try (FileChannel a = FileChannel.open(first); FileChannel b = FileChannel.open(second)) {
            ByteBuffer left = ByteBuffer.allocate(1 << 20);
            ByteBuffer right = ByteBuffer.allocate(1 << 20);
            for (long offset = 0; offset < a.size() && differences.size() <= 16; offset += left.capacity()) {
                left.clear();
                right.clear();
                a.read(left, offset);
                b.read(right, offset);
                for (int i = 0; i < left.position(); i++) {
                    long at = offset + i;
                    boolean header = at >= 64 << 10 && at < 68 << 10 || at >= 128 << 10 && at < 132 << 10;
                    if (!header && left.get(i) != right.get(i)) {
                        differences.add(at);
                    }
                }
            }
        }
        return differences;
    }

    private static ConversionRequest request(String name) {
        DiskPlan disk = new DiskPlan("2000", "Hard disk 1", SIZE, new DiskContent(DiskContent.Kind.FILE,
                source.toString(), null, "raw", null), "vhdx", "dynamic", "big.vhdx",
                new DiskSlot(DiskSlot.Bus.SCSI, 0, 0), true);
        ConversionPlan plan = new ConversionPlan(UUID.randomUUID().toString(), name, "hyperv-2019",
                TargetPlatform.HYPERV, 2, dev.ferry.events.machine.Firmware.Type.EFI, false, 2, 2L << 30,
                List.of(disk), List.of(), List.of());
        return new ConversionRequest(UUID.randomUUID().toString(), "wave-crash", 1, plan,
                new TargetLocation("default", name + "-" + UUID.randomUUID()), true);
    }

    /** The packaged worker as its own process, reading {@code megabytesPerSecond} at most (0: no limit). */
    private static ServiceProcess worker(String id, int megabytesPerSecond) throws IOException {
        Path config = folder.resolve(id + ".properties");
        Files.writeString(config, String.join("\n",
                "ferry.conversion.worker-id=" + id,
                "ferry.conversion.throttle-mb-per-second=" + megabytesPerSecond,
                "ferry.conversion.threads-per-disk=2",
                "ferry.conversion.heartbeat-interval=1s",
                "ferry.conversion.claim-timeout=5s",
                "ferry.conversion.checkpoint-interval=1s",
                "mp.messaging.incoming.conversion-requests.session.timeout.ms=6000",
                "mp.messaging.incoming.conversion-requests.heartbeat.interval.ms=1000",
                ""));
        Endpoints endpoints = TestInfrastructure.endpoints();
        Map<String, String> environment = new HashMap<>(ServiceProcess.environmentFor(endpoints,
                TestInfrastructure.jwtPublicKey(), JwtIssuer.LOCAL_ISSUER));
        environment.put("QUARKUS_CONFIG_LOCATIONS", config.toUri().toString());
        // As Kubernetes and bin/ferry-local set them.
        environment.put("FERRY_CONVERSION_SOURCE_ROOTS", folder.resolve("sources").toString());
        environment.put("FERRY_CONVERSION_STORAGE_ROOTS_DEFAULT", folder.resolve("targets").toString());
        ServiceProcess process = ServiceProcess.start(id, Path.of("target/quarkus-app/quarkus-run.jar")
                .toAbsolutePath(), 0, environment, folder.resolve(id + ".log"));
        try {
            process.awaitReady(READY);
        } catch (IOException e) {
            process.close();
            throw e;
        }
        return process;
    }

    private static String attemptState(ConversionRequest request) throws Exception {
        Endpoints endpoints = TestInfrastructure.endpoints();
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(),
                endpoints.password());
                PreparedStatement query = connection.prepareStatement(
                        "select state from conversion.conversion_attempt where job_id = ? and attempt = ?")) {
            query.setString(1, request.jobId());
            query.setInt(2, request.attempt());
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }
}
