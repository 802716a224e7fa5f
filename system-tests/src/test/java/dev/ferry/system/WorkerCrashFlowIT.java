package dev.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.disk.testing.QemuImg;
import dev.ferry.events.EventCodec;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionUpdate;

/**
 * A worker process killed with SIGKILL in the middle of a large disk of a wave: the scheduler's lease on the job lapses
 * and it dispatches a second attempt, which a second worker process resumes from the first one's checkpoint; the output
 * holds the source's bytes and the job completes exactly once.
 */
class WorkerCrashFlowIT {

    private static final long DISK = 320L << 20;
    private static final int THROTTLE_MB_PER_SECOND = 16;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private static MigrationStack stack;
    private static ConversionEvents events;

    @BeforeAll
    static void start() throws Exception {
        // A lease short enough that the dead worker's job goes back to the queue within the test.
        stack = MigrationStack.start("worker-crash", Map.of("FERRY_SCHEDULER_LEASE_DURATION", "8s",
                "FERRY_SCHEDULER_LEASE_CHECK_INTERVAL", "1s"));
        events = new ConversionEvents();
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void workerKilledMidDiskIsFinishedFromItsCheckpointByAnotherAndTheJobCompletesOnce() throws Exception {
        Path source = SourceDisks.raw(stack.images(), "big", DISK, 77);
        try (QemuNbd nbd = QemuNbd.serve(source, "raw", "big-sda")) {
            JsonNode host = stack.api().registerPhysicalHost("big-host", false, 2, DISK, nbd.uri());
            int first = stack.worker("crash-worker-1", THROTTLE_MB_PER_SECOND);
            String waveId = stack.api().submitWave("e2e-crash", "hyperv-2019-gen1", "e2e-crash",
                    List.of(host.get("id").asText()));
            String jobId = stack.api().jobs(waveId).get(0).get("id").asText();

            ConversionUpdate checkpoint = events.await(jobId, EventTypes.CONVERSION_CHECKPOINT,
                    update -> update.diskKey() != null && update.bytesDone() >= DISK / 5 && update.bytesDone() < DISK,
                    TIMEOUT);
            stack.ferry().process(first).kill();
            assertThat(checkpoint.workerId()).isEqualTo("crash-worker-1");
            // Nobody reports on the job any more: its lease lapses and the scheduler dispatches it again.
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.api().job(jobId).get("attempt").asInt() == 2);
            stack.worker("crash-worker-2", 0);
            JsonNode wave = stack.api().awaitWaveFinished(waveId, TIMEOUT);

            assertThat(wave.get("state").asText()).as(wave.toString()).isEqualTo("COMPLETED");
            JsonNode job = stack.api().job(jobId);
            assertThat(job.get("state").asText()).isEqualTo("COMPLETED");
            // The second worker may also complete attempt 1, redelivered by Kafka (see below), before it takes up
            // attempt 2; the scheduler ignores that stale completion. The killed worker completes nothing.
            List<ConversionUpdate> completed = events.all(jobId, EventTypes.CONVERSION_COMPLETED);
            assertThat(completed).as("completion events of the job").isNotEmpty()
                    .allSatisfy(update -> assertThat(update.workerId()).isEqualTo("crash-worker-2"))
                    .filteredOn(update -> update.attempt() == 2).as("completions of the live attempt").hasSize(1);
            // The second worker may get attempt 1 back from Kafka too (the first never acknowledged it) and finish the
            // disk under it before attempt 2 supersedes it: either way it continues from the first worker's checkpoint.
            assertThat(events.all(jobId, EventTypes.CONVERSION_PROGRESS)).as("the second worker's resumes")
                    .filteredOn(update -> "crash-worker-2".equals(update.workerId()) && update.message() != null
                            && update.message().startsWith("resuming from checkpoint"))
                    .isNotEmpty()
                    .allSatisfy(update -> assertThat(update.bytesDone()).isPositive());
            assertThat(job.at("/transitions").findValuesAsText("to")).containsOnlyOnce("COMPLETED");

            JsonNode plan = EventCodec.mapper().readTree(job.get("plan").toString()).get("disks").get(0);
            Path output = stack.targets().resolve(job.at("/target/folder").asText()).resolve(plan.get("fileName")
                    .asText());
            String format = plan.get("targetFormat").asText().equals("vhd") ? "vpc"
                    : plan.get("targetFormat")
                            .asText();
            QemuImg.Result compared = QemuImg.compare(source, "raw", output, format);
            assertThat(compared.exitCode()).as(compared.output()).isZero();
        }
    }
}
