package dev.ferry.conversion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.conversion.model.AttemptState;
import dev.ferry.conversion.model.ConversionAttempt;
import dev.ferry.conversion.service.target.JobOutputs;
import dev.ferry.conversion.testing.ConversionTopics;
import dev.ferry.conversion.testing.NbdServer;
import dev.ferry.conversion.testing.Plans;
import dev.ferry.conversion.testing.SourceImages;
import dev.ferry.conversion.testing.WorkerTestResources;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The worker end to end against the real topics: a test publishes ConversionRequest events to Kafka as the scheduler
 * does, and observes the worker's ConversionUpdate events and the files it writes, judged by qemu-img.
 */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
@WithTestResource(WorkerTestResources.class)
class ConversionWorkerTest {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final long SIZE = 48L << 20;

    private final ConversionTopics topics = ConversionTopics.shared();

    @Test
    void qcow2SourceBecomesAVerifiedDynamicVhdWithAGeneration1HyperVDefinition() throws IOException {
        Path source = SourceImages.image(SIZE, 1, "qcow2");
        ConversionPlan plan = Plans.hyperVGeneration1("web01", List.of(
                Plans.disk("2000", SIZE, Plans.file(source.toString()), "vhd", "dynamic", "web01-disk0.vhd",
                        new DiskSlot(DiskSlot.Bus.IDE, 0, 0), true)));
        ConversionRequest request = Plans.request(plan, "wave-1/web01");

        topics.request(request);
        ConversionUpdate completed = topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

        Path folder = WorkerTestResources.storageRoot().resolve("wave-1/web01");
        Path target = folder.resolve("web01-disk0.vhd");
        assertThat(QemuImg.compare(source, "qcow2", target, "vpc").exitCode()).isZero();
        assertThat(QemuImg.infoJson(target, "vpc")).contains("\"virtual-size\": " + SIZE);
        assertThat(completed.disks()).singleElement().satisfies(disk -> {
            assertThat(disk.fileName()).isEqualTo("web01-disk0.vhd");
            assertThat(disk.format()).isEqualTo("vhd");
            assertThat(disk.virtualSize()).isEqualTo(SIZE);
            assertThat(disk.fileSize()).isEqualTo(Files.size(target));
            assertThat(disk.digest()).hasSize(64);
        });
        assertThat(completed.definitionFiles()).containsExactly("web01.ps1", "web01.ferry.json");
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_STARTED)).hasSize(1);

        String script = Files.readString(folder.resolve("web01.ps1"));
        assertThat(script)
                .contains("New-VM -Name 'web01' -Generation 1 -MemoryStartupBytes 4294967296 -NoVHD -Path $Path")
                .contains("Set-VMProcessor -VM $vm -Count 4")
                .contains("Add-VMHardDiskDrive -VM $vm -ControllerType IDE -ControllerNumber 0 -ControllerLocation 0"
                        + " -Path (Join-Path $PSScriptRoot 'web01-disk0.vhd')")
                .contains("Add-VMNetworkAdapter -VM $vm -Name 'Network adapter 1' -StaticMacAddress '005056AABB01'")
                .contains("Add-VMNetworkAdapter -VM $vm -Name 'Network adapter 2' -IsLegacy $true")
                .contains("# Remediation hyperv.vcpu-limit: vCPUs capped from 8 to 4")
                .doesNotContain("Set-VMFirmware");
        JsonNode manifest = EventCodec.mapper().readTree(folder.resolve("web01.ferry.json").toFile());
        assertThat(manifest.path("generation").asInt()).isEqualTo(1);
        assertThat(manifest.path("vcpus").asInt()).isEqualTo(4);
        assertThat(manifest.at("/disks/0/slot/bus").asText()).isEqualTo("IDE");
        assertThat(manifest.at("/disks/0/slot/controller").asInt()).isZero();
        assertThat(manifest.at("/disks/0/slot/location").asInt()).isZero();
        assertThat(manifest.at("/disks/0/boot").asBoolean()).isTrue();
        assertThat(manifest.at("/disks/0/digest").asText()).isEqualTo(completed.disks().get(0).digest());
        assertThat(manifest.at("/nics/0/kind").asText()).isEqualTo("SYNTHETIC");
        assertThat(manifest.at("/nics/1/kind").asText()).isEqualTo("LEGACY");
        assertThat(manifest.at("/remediations/0/description").asText()).isEqualTo("vCPUs capped from 8 to 4");
        assertThat(leftovers(folder)).isEmpty();
    }

    @Test
    void vmdkSourceBecomesACleanVhdxWithAGeneration2SecureBootDefinition() throws IOException {
        Path source = SourceImages.image(SIZE, 2, "vmdk", "subformat=streamOptimized");
        ConversionPlan plan = Plans.hyperVGeneration2("db01", List.of(
                Plans.disk("2000", SIZE, Plans.file(source.toString()), "vhdx", "dynamic", "db01-disk0.vhdx",
                        new DiskSlot(DiskSlot.Bus.SCSI, 0, 0), true)));
        ConversionRequest request = Plans.request(plan, "wave-2/db01");

        topics.request(request);
        topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

        Path folder = WorkerTestResources.storageRoot().resolve("wave-2/db01");
        Path target = folder.resolve("db01-disk0.vhdx");
        assertThat(QemuImg.compare(source, "vmdk", target, "vhdx").exitCode()).isZero();
        QemuImg.Result check = QemuImg.check(target, "vhdx");
        assertThat(check.exitCode()).as(check.output()).isZero();
        String script = Files.readString(folder.resolve("db01.ps1"));
        assertThat(script)
                .contains("New-VM -Name 'db01' -Generation 2")
                .contains("Add-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0")
                .contains("Set-VMFirmware -VM $vm -FirstBootDevice $bootDisk")
                .contains("Set-VMFirmware -VM $vm -EnableSecureBoot On -SecureBootTemplate "
                        + "'MicrosoftUEFICertificateAuthority'")
                .doesNotContain("-IsLegacy");
        JsonNode manifest = EventCodec.mapper().readTree(folder.resolve("db01.ferry.json").toFile());
        assertThat(manifest.path("generation").asInt()).isEqualTo(2);
        assertThat(manifest.at("/disks/0/format").asText()).isEqualTo("vhdx");
    }

    @Test
    void requestDeliveredTwiceConvertsOnce() throws Exception {
        Path source = SourceImages.image(SIZE, 3, "qcow2");
        ConversionPlan plan = Plans.generation1BootDisk("app01", SIZE, source);
        ConversionRequest request = Plans.request(plan, "wave-3/app01");
        String event = EventCodec.encode(EventCodec.envelope("/ferry/scheduler", EventTypes.CONVERSION_REQUESTED,
                request.jobId(), request));

        // The same record twice at once (a redelivery after a rebalance), and once more after it completed.
        topics.send(request.jobId(), event);
        RecordMetadata second = topics.send(request.jobId(), event);
        topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);
        topics.awaitAcknowledged(second, JOB_TIMEOUT);
        Path target = WorkerTestResources.storageRoot().resolve("wave-3/app01/app01.vhd");
        BasicFileAttributes before = Files.readAttributes(target, BasicFileAttributes.class);

        RecordMetadata third = topics.request(request);
        topics.awaitAcknowledged(third, JOB_TIMEOUT);

        BasicFileAttributes after = Files.readAttributes(target, BasicFileAttributes.class);
        assertThat(after.fileKey()).isEqualTo(before.fileKey());
        assertThat(after.lastModifiedTime()).isEqualTo(before.lastModifiedTime());
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_COMPLETED)).hasSize(1);
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_STARTED)).hasSize(1);
    }

    @Test
    void corruptSourceFailsWithTheParsersMessageAndIsNotRetried() throws IOException {
        Path source = SourceImages.image(SIZE, 4, "qcow2");
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE)) {
            // The L1 table offset (header bytes 40..47) points far beyond the end of the file.
            channel.write(ByteBuffer.allocate(8).putLong(0, 1L << 40), 40);
        }
        ConversionPlan plan = Plans.generation1BootDisk("broken01", SIZE, source);
        ConversionRequest request = Plans.request(plan, "wave-4/broken01");

        topics.request(request);
        ConversionUpdate failed = topics.await(request.jobId(), EventTypes.CONVERSION_FAILED, JOB_TIMEOUT);

        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).startsWith("disk 2000: corrupt source image: qcow2").contains("file offset");
        Path folder = WorkerTestResources.storageRoot().resolve("wave-4/broken01");
        assertThat(leftovers(folder)).isEmpty();
        assertThat(folder.resolve("broken01.vhd")).doesNotExist();
    }

    @Test
    void targetFolderEscapingTheStorageRootIsRefused() {
        Path source = SourceImages.image(4L << 20, 5, "qcow2");
        ConversionPlan plan = Plans.generation1BootDisk("escape01", 4L << 20, source);
        ConversionRequest request = Plans.request(plan, "../outside-" + UUID.randomUUID());

        topics.request(request);
        ConversionUpdate failed = topics.await(request.jobId(), EventTypes.CONVERSION_FAILED, JOB_TIMEOUT);

        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).contains("escapes storage root 'default'");
        assertThat(WorkerTestResources.storageRoot().resolveSibling(request.target().folder().substring(3)))
                .doesNotExist();
    }

    @Test
    void sourceOutsideTheSourceRootsIsRefused(@TempDir Path elsewhere) throws IOException {
        Path outside = elsewhere.resolve("outside.raw");
        Files.write(outside, new byte[1 << 20]);
        ConversionPlan plan = Plans.generation1BootDisk("outside01", 1 << 20, outside);
        ConversionRequest request = Plans.request(plan, "wave-5/outside01");

        topics.request(request);
        ConversionUpdate failed = topics.await(request.jobId(), EventTypes.CONVERSION_FAILED, JOB_TIMEOUT);

        assertThat(failed.retryable()).isFalse();
        assertThat(failed.message()).contains("lies outside the source roots");
    }

    @Test
    void cancelStopsTheJobWithinSecondsAndRemovesItsPartialOutputs() throws Exception {
        // 1 GiB read at 32 MB/s would take half a minute.
        try (NbdServer slow = NbdServer.slowPattern("1G", "256M")) {
            ConversionPlan plan = Plans.kvm("slow01", List.of(Plans.disk("sda", 1L << 30, slow.content(), "qcow2",
                    null, "slow01.qcow2",
                    new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), true)));
            ConversionRequest request = Plans.request(plan, "wave-6/slow01");
            topics.request(request);
            topics.await(request.jobId(), EventTypes.CONVERSION_CHECKPOINT, JOB_TIMEOUT);
            Path target = WorkerTestResources.storageRoot().resolve("wave-6/slow01");
            assertThat(leftovers(target)).isNotEmpty();

            long cancelledAt = System.nanoTime();
            topics.cancel(new ConversionCancel(request.jobId(), 1, "operator changed their mind"));
            EventEnvelope last = topics.awaitFinal(request.jobId(), Duration.ofSeconds(15));

            assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(5));
            assertThat(last.type()).isEqualTo(EventTypes.CONVERSION_CANCELLED.name());
            assertThat(EventCodec.data(last, EventTypes.CONVERSION_CANCELLED).message())
                    .isEqualTo("cancelled: operator changed their mind");
            assertThat(leftovers(target)).isEmpty();
            assertThat(target.resolve("slow01.qcow2")).doesNotExist();
        }
    }

    @Test
    void jobCancelledBeforeAnyWorkerSawItsRequestIsNeverConverted() {
        Path source = SourceImages.image(4L << 20, 6, "qcow2");
        ConversionPlan plan = Plans.generation1BootDisk("early01", 4L << 20, source);
        ConversionRequest request = Plans.request(plan, "wave-8/early01");

        topics.cancel(new ConversionCancel(request.jobId(), 1, "wave cancelled"));
        ConversionUpdate cancelled = topics.await(request.jobId(), EventTypes.CONVERSION_CANCELLED, JOB_TIMEOUT);
        RecordMetadata delivered = topics.request(request);
        topics.awaitAcknowledged(delivered, JOB_TIMEOUT);

        assertThat(cancelled.attempt()).isEqualTo(1);
        assertThat(cancelled.message()).isEqualTo("cancelled: wave cancelled");
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_STARTED)).isEmpty();
        assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_CANCELLED)).hasSize(1);
        assertThat(WorkerTestResources.storageRoot().resolve("wave-8/early01")).doesNotExist();
    }

    @Test
    void newerAttemptStopsTheOlderOneAndContinuesFromItsCheckpoint() throws Exception {
        try (NbdServer slow = NbdServer.slowPattern("160M", "128M")) {
            ConversionPlan plan = Plans.kvm("retry01", List.of(Plans.disk("sda", 160L << 20, slow.content(), "qcow2",
                    null, "retry01.qcow2", new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), true)));
            ConversionRequest first = Plans.request(plan, "wave-9/retry01");
            topics.request(first);
            topics.await(first.jobId(), EventTypes.CONVERSION_CHECKPOINT, JOB_TIMEOUT);

            // The scheduler gave up on the first attempt (its lease lapsed) and dispatched a second one.
            ConversionRequest second = Plans.request(first.jobId(), 2, plan, "wave-9/retry01");
            topics.request(second);
            ConversionUpdate completed = topics.await(first.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

            assertThat(completed.attempt()).isEqualTo(2);
            assertThat(completed.disks().get(0).resumedFrom()).isPositive();
            assertThat(topics.events(first.jobId(), EventTypes.CONVERSION_FAILED)).isEmpty();
            assertThat(topics.events(first.jobId(), EventTypes.CONVERSION_CANCELLED)).isEmpty();
            assertThat(topics.events(first.jobId(), EventTypes.CONVERSION_COMPLETED)).hasSize(1);
            assertThat(QuarkusTransaction.requiringNew().call(() -> ConversionAttempt.<ConversionAttempt> findById(
                    new ConversionAttempt.Key(first.jobId(), 1)).state)).isEqualTo(AttemptState.SUPERSEDED);
            Path target = WorkerTestResources.storageRoot().resolve("wave-9/retry01/retry01.qcow2");
            assertThat(QemuImg.check(target, "qcow2").exitCode()).isZero();
            assertThat(QemuImg.infoJson(target, "qcow2")).contains("\"virtual-size\": " + (160L << 20));
        }
    }

    @Test
    void attemptTakenBackStopsButKeepsItsCheckpointAndTheNextAttemptResumesFromIt() throws Exception {
        long size = 160L << 20;
        try (NbdServer slow = NbdServer.slowPattern("160M", "128M")) {
            ConversionPlan plan = Plans.kvm("takeback01", List.of(Plans.disk("sda", size, slow.content(), "qcow2",
                    null, "takeback01.qcow2", new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), true)));
            ConversionRequest first = Plans.request(plan, "wave-10/takeback01");
            topics.request(first);
            topics.await(first.jobId(), EventTypes.CONVERSION_CHECKPOINT, JOB_TIMEOUT);
            Path folder = WorkerTestResources.storageRoot().resolve("wave-10/takeback01");

            // The scheduler heard nothing for a lease's length: it takes the job back for a new attempt.
            long takenBackAt = System.nanoTime();
            topics.cancel(new ConversionCancel(first.jobId(), 1, "lease lapsed", true));
            ConversionUpdate cancelled = topics.await(first.jobId(), EventTypes.CONVERSION_CANCELLED,
                    Duration.ofSeconds(15));

            assertThat(Duration.ofNanos(System.nanoTime() - takenBackAt)).isLessThan(Duration.ofSeconds(5));
            assertThat(cancelled.attempt()).isEqualTo(1);
            assertThat(cancelled.message()).isEqualTo("cancelled: lease lapsed (outputs kept for the next attempt)");
            assertThat(leftovers(folder)).extracting(file -> file.getFileName().toString())
                    .contains("takeback01.qcow2.unverified.part", "takeback01.qcow2.unverified.part.checkpoint");

            ConversionRequest second = Plans.request(first.jobId(), 2, plan, "wave-10/takeback01");
            topics.request(second);
            ConversionUpdate completed = topics.await(first.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

            assertThat(completed.attempt()).isEqualTo(2);
            assertThat(completed.disks().get(0).resumedFrom()).isPositive();
            assertThat(completed.disks().get(0).bytesRead()).isLessThan(size);
            assertThat(QemuImg.check(folder.resolve("takeback01.qcow2"), "qcow2").exitCode()).isZero();
            assertThat(leftovers(folder)).isEmpty();
        }
    }

    @Test
    void attemptOfADeadWorkerTakenBackIsFinishedWithoutRemovingItsOutputs() throws Exception {
        ConversionPlan plan = Plans.generation1BootDisk("orphan01", 4L << 20, SourceImages.image(4L << 20, 7,
                "qcow2"));
        ConversionRequest request = Plans.request(plan, "wave-11/orphan01");
        Path folder = Files.createDirectories(WorkerTestResources.storageRoot().resolve("wave-11/orphan01"));
        List<Path> partial = JobOutputs.partialFiles(folder, plan.disks().get(0)).subList(1, 3);
        for (Path file : partial) {
            Files.write(file, new byte[] { 1, 2, 3 });
        }
        // A worker claimed attempt 1, wrote a checkpoint and died a minute ago: its claim is stale.
        String requestJson = EventCodec.mapper().writeValueAsString(request);
        QuarkusTransaction.requiringNew().run(() -> {
            ConversionAttempt row = new ConversionAttempt();
            row.jobId = request.jobId();
            row.attempt = 1;
            row.workerId = "dead-worker";
            row.state = AttemptState.RUNNING;
            row.request = requestJson;
            row.claimedAt = Instant.now().minusSeconds(120);
            row.heartbeatAt = Instant.now().minusSeconds(60);
            row.persist();
        });

        topics.cancel(new ConversionCancel(request.jobId(), 1, "lease lapsed", true));
        ConversionUpdate cancelled = topics.await(request.jobId(), EventTypes.CONVERSION_CANCELLED, JOB_TIMEOUT);

        assertThat(cancelled.workerId()).isEqualTo(WorkerTestResources.WORKER_ID);
        assertThat(partial).allSatisfy(file -> assertThat(file).exists());
        assertThat(QuarkusTransaction.requiringNew().call(() -> ConversionAttempt.<ConversionAttempt> findById(
                new ConversionAttempt.Key(request.jobId(), 1)).state)).isEqualTo(AttemptState.CANCELLED);
    }

    @Test
    void progressIsReportedAtMostOncePerSecondPerDiskAndTheJobHeartbeatsMeanwhile() throws Exception {
        try (NbdServer slow = NbdServer.slowPattern("64M", "64M")) {
            ConversionPlan plan = Plans.kvm("progress01", List.of(Plans.disk("sda", 64L << 20, slow.content(), "raw",
                    null, "progress01.raw",
                    new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), true)));
            ConversionRequest request = Plans.request(plan, "wave-7/progress01");

            topics.request(request);
            Awaitility.await().atMost(JOB_TIMEOUT).untilAsserted(() -> given()
                    .auth().oauth2(TestInfrastructure.token("viewer")).get("/api/v1/worker/jobs")
                    .then().statusCode(200)
                    .body("find { it.jobId == '" + request.jobId() + "' }.disks[0].phase", equalTo("CONVERTING"))
                    .body("find { it.jobId == '" + request.jobId() + "' }.disks[0].bytesDone", greaterThan(0)));
            topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

            List<EventEnvelope> progress = topics.events(request.jobId(), EventTypes.CONVERSION_PROGRESS);
            List<EventEnvelope> diskProgress = progress.stream()
                    .filter(event -> "sda".equals(EventCodec.data(event, EventTypes.CONVERSION_PROGRESS).diskKey()))
                    .toList();
            assertThat(diskProgress).hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < diskProgress.size(); i++) {
                // The first report of a phase goes at once; within a phase, one a second at most.
                if (phase(diskProgress.get(i - 1)) == phase(diskProgress.get(i))) {
                    assertThat(Duration.between(diskProgress.get(i - 1).time(), diskProgress.get(i).time()))
                            .isGreaterThanOrEqualTo(Duration.ofMillis(950));
                }
            }
            assertThat(progress).anySatisfy(event -> assertThat(EventCodec.data(event,
                    EventTypes.CONVERSION_PROGRESS).diskKey()).isNull());
            assertThat(topics.events(request.jobId(), EventTypes.CONVERSION_CHECKPOINT)).isNotEmpty();
        }
    }

    @Test
    void eachDiskReportsItsReadBackAndTheJobItsDefinitionBeforeCompleting() throws IOException {
        long size = 24L << 20;
        ConversionPlan plan = Plans.kvm("phases01", List.of(
                Plans.disk("sda", size, Plans.file(SourceImages.image(size, 8, "qcow2").toString()), "qcow2", null,
                        "phases01-sda.qcow2", new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 0), true),
                Plans.disk("sdb", size, Plans.file(SourceImages.image(size, 9, "vmdk").toString()), "qcow2", null,
                        "phases01-sdb.qcow2", new DiskSlot(DiskSlot.Bus.VIRTIO, 0, 1), false)));
        ConversionRequest request = Plans.request(plan, "wave-12/phases01");

        topics.request(request);
        topics.await(request.jobId(), EventTypes.CONVERSION_COMPLETED, JOB_TIMEOUT);

        List<EventEnvelope> events = topics.allEvents(request.jobId());
        int definition = indexOf(events, event -> event.type().equals(EventTypes.CONVERSION_PROGRESS.name())
                && update(event).diskKey() == null && update(event).phase() == Phase.WRITING_DEFINITION);
        int completed = indexOf(events, event -> event.type().equals(EventTypes.CONVERSION_COMPLETED.name()));
        assertThat(definition).as("the job reports writing its definition").isNotNegative().isLessThan(completed);
        for (String disk : List.of("sda", "sdb")) {
            int verifying = indexOf(events, event -> disk.equals(update(event).diskKey())
                    && update(event).phase() == Phase.VERIFYING);
            int verified = indexOf(events, event -> event.type().equals(EventTypes.CONVERSION_CHECKPOINT.name())
                    && disk.equals(update(event).diskKey()) && update(event).phase() == Phase.DONE);
            assertThat(verifying).as("disk %s reports its read-back", disk).isNotNegative().isLessThan(verified);
            assertThat(verified).as("disk %s reports it is verified", disk).isLessThan(definition);
            assertThat(update(events.get(verifying)).bytesTotal()).isEqualTo(size);
            assertThat(update(events.get(verified)).bytesDone()).isEqualTo(size);
            assertThat(events.stream().filter(event -> disk.equals(update(event).diskKey())
                    && update(event).phase() == Phase.VERIFYING))
                    .allSatisfy(event -> assertThat(update(event).bytesDone()).isBetween(0L, size));
        }
    }

    /** The update any conversion event carries, whatever its type. */
    private static ConversionUpdate update(EventEnvelope event) {
        try {
            return EventCodec.mapper().treeToValue(event.data(), ConversionUpdate.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not a conversion update: " + event, e);
        }
    }

    private static Phase phase(EventEnvelope event) {
        return update(event).phase();
    }

    private static int indexOf(List<EventEnvelope> events, java.util.function.Predicate<EventEnvelope> matches) {
        for (int i = 0; i < events.size(); i++) {
            if (matches.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Partial files (unverified images, part files, checkpoints) in {@code folder}. */
    static List<Path> leftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.endsWith(".part") || name.contains(".checkpoint") || name.endsWith(".unverified")
                        || name.endsWith(".tmp");
            }).toList();
        }
    }
}
