package dev.ferry.scheduler.wave;

import static dev.ferry.scheduler.testing.WaveFixtures.PATIENCE;
import static dev.ferry.scheduler.testing.WaveFixtures.accepted;
import static dev.ferry.scheduler.testing.WaveFixtures.act;
import static dev.ferry.scheduler.testing.WaveFixtures.awaitJob;
import static dev.ferry.scheduler.testing.WaveFixtures.awaitWave;
import static dev.ferry.scheduler.testing.WaveFixtures.jobIds;
import static dev.ferry.scheduler.testing.WaveFixtures.submit;
import static dev.ferry.scheduler.testing.WaveFixtures.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import dev.ferry.scheduler.testing.FakeWorker;
import dev.ferry.scheduler.testing.WaveFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Waves run against real PostgreSQL and Kafka with a fake worker on the real topics. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class WaveRunTest {

    private final FakeWorker worker = FakeWorker.shared();

    @Inject
    WaveFixtures fixtures;

    @Test
    void waveRunsToCompletionWithoutEverExceedingItsLimits() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> sourceHost = new HashMap<>();
        Map<String, String> datastore = new HashMap<>();
        List<MachineRecord> machines = new ArrayList<>();
        for (int index = 0; index < 12; index++) {
            String host = "esx-" + run + "-" + index % 3;
            String store = "ds-" + run + "-" + index % 2;
            MachineRecord machine = fixtures.machine("run-" + run + "-" + index, host, store);
            machines.add(machine);
            sourceHost.put(machine.id(), host);
            datastore.put(machine.id(), store);
        }
        Map<String, Object> request = WaveFixtures.wave("limits-" + run, machines, 4, 2, 3, 1);
        // A few 4 GiB machines fit a 16 GiB host after headroom: several hosts, one job in flight on each at most.
        request.put("targetHosts", Map.of("identicalHosts", Map.of("logicalProcessors", 16, "memoryGiB", 16)));

        var submitted = submit(request).statusCode(201);
        UUID waveId = UUID.fromString(submitted.extract().path("waveId"));
        List<String> machineIds = submitted.extract().path("jobs.machineId");
        List<String> hosts = submitted.extract().path("jobs.targetHost");
        Map<String, String> targetHost = new HashMap<>();
        for (int index = 0; index < machineIds.size(); index++) {
            targetHost.put(machineIds.get(index), hosts.get(index));
        }
        assertThat(new HashSet<>(hosts)).hasSizeGreaterThan(1).doesNotContainNull();
        worker.serve(waveId, FakeWorker.Mode.AUTO);

        awaitWave(waveId, "COMPLETED");

        wave(waveId).body("jobs.COMPLETED", equalTo(12)).body("jobsInFlight", equalTo(0))
                .body("transitions[-1].reason", equalTo("every job completed"));
        long done = wave(waveId).extract().jsonPath().getLong("bytesDone");
        long total = wave(waveId).extract().jsonPath().getLong("bytesTotal");
        assertThat(done).isEqualTo(total).isEqualTo(12L * 6 * (1L << 30));
        assertThat(worker.requests(waveId)).hasSize(12);
        int wave = worker.maxRunningAtOnce(waveId, machine -> List.of("wave"));
        int perSource = worker.maxRunningAtOnce(waveId, machine -> List.of(sourceHost.get(machine)));
        int perStore = worker.maxRunningAtOnce(waveId, machine -> List.of(datastore.get(machine)));
        int perTarget = worker.maxRunningAtOnce(waveId, machine -> List.of(targetHost.get(machine)));
        System.out.printf("most jobs at once: wave %d (limit 4), source host %d (2), datastore %d (3), "
                + "target host %d (1)%n", wave, perSource, perStore, perTarget);
        assertThat(wave).isBetween(2, 4);
        assertThat(perSource).isBetween(1, 2);
        assertThat(perStore).isBetween(1, 3);
        assertThat(perTarget).isEqualTo(1);
    }

    @Test
    void pausedWaveAdmitsNothingNewWhileRunningJobsFinishThenResumes() {
        List<MachineRecord> machines = machines("pause", 5);
        UUID waveId = accepted(WaveFixtures.wave("pause-" + UUID.randomUUID(), machines, 2, null, null, null));
        worker.serve(waveId, FakeWorker.Mode.HOLD);
        Awaitility.await().atMost(PATIENCE).until(() -> worker.runningNow(waveId) == 2);

        act(waveId, "pause").statusCode(200).body("state", equalTo("PAUSED"));
        worker.finishHeld(waveId);

        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> wave(waveId).body("jobs.COMPLETED", equalTo(2)));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> worker.requests(waveId).size() == 2);
        wave(waveId).body("state", equalTo("PAUSED")).body("jobs.QUEUED", equalTo(3));

        worker.serve(waveId, FakeWorker.Mode.AUTO);
        act(waveId, "resume").statusCode(200).body("state", equalTo("RUNNING"));
        awaitWave(waveId, "COMPLETED");
        assertThat(worker.requests(waveId)).hasSize(5);
        assertThat(worker.maxRunningAtOnce(waveId, machine -> List.of("wave"))).isLessThanOrEqualTo(2);
    }

    @Test
    void cancelStopsRunningJobsThroughTheirWorkerAndCancelsTheRest() {
        List<MachineRecord> machines = machines("cancel", 5);
        UUID waveId = accepted(WaveFixtures.wave("cancel-" + UUID.randomUUID(), machines, 2, null, null, null));
        worker.serve(waveId, FakeWorker.Mode.HOLD);
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> wave(waveId).body("jobs.CONVERTING", equalTo(2)));

        act(waveId, "cancel").statusCode(200).body("state", equalTo("CANCELLED")).body("jobs.CANCELLED",
                equalTo(3)).body("jobs.CANCELLING", equalTo(2));

        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> wave(waveId).body("jobs.CANCELLED", equalTo(5)));
        List<ConversionCancel> cancels = worker.cancels(new HashSet<>(jobIds(waveId)));
        assertThat(cancels).hasSize(2).allSatisfy(cancel -> {
            assertThat(cancel.attempt()).isEqualTo(1);
            assertThat(cancel.keepOutputs()).isFalse();
        });
        assertThat(worker.requests(waveId)).hasSize(2);

        act(waveId, "pause").statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://ferry.dev/problems/conflict"));
        wave(waveId).body("state", equalTo("CANCELLED"));
    }

    @Test
    void rerunConvertsOnlyTheMachinesThatDidNotComplete() {
        List<MachineRecord> machines = machines("rerun", 3);
        String failing = machines.get(1).id();
        UUID waveId = accepted(WaveFixtures.wave("rerun-" + UUID.randomUUID(), machines, 3, null, null, null));
        worker.serve(waveId, request -> request.plan().machineId().equals(failing) && request.attempt() == 1
                ? FakeWorker.Mode.FAIL
                : FakeWorker.Mode.AUTO);
        awaitWave(waveId, "COMPLETED_WITH_FAILURES");
        String failed = jobIds(waveId).get(1);
        WaveFixtures.job(failed).body("state", equalTo("FAILED"))
                .body("lastError", equalTo("attempt 1 failed: worker fake-worker: the source disk is unreadable"))
                .body("attempts[0].outcome", equalTo("FAILED"));

        act(waveId, "rerun").statusCode(200).body("state", equalTo("RUNNING"));
        awaitWave(waveId, "COMPLETED");

        List<ConversionRequest> requests = worker.requests(waveId);
        assertThat(requests).hasSize(4);
        assertThat(requests.stream().filter(request -> request.plan().machineId().equals(failing))
                .map(ConversionRequest::attempt)).containsExactly(1, 2);
        act(waveId, "rerun").statusCode(409);
        WaveFixtures.job(jobIds(waveId).get(0)).body("state", equalTo("COMPLETED")).body("attempt", equalTo(1));
        retryIsRefused(jobIds(waveId).get(0));
    }

    @Test
    void scheduledWaveStartsWhenItsWindowOpens() {
        Map<String, Object> request = WaveFixtures.wave("opens-" + UUID.randomUUID(), machines("opens", 2), 2, null,
                null, null);
        request.put("window", Map.of("notBefore", Instant.now().plusSeconds(3).toString()));
        UUID waveId = accepted(request);
        wave(waveId).body("state", equalTo("SCHEDULED")).body("jobs.PENDING", equalTo(2));
        worker.serve(waveId, FakeWorker.Mode.AUTO);

        awaitWave(waveId, "COMPLETED");
        wave(waveId).body("transitions.reason", hasItem("its window opened"));
        assertThat(worker.requests(waveId)).hasSize(2);
    }

    @Test
    void jobsNotStartedWhenTheWindowClosesAreNotStarted() {
        Map<String, Object> request = WaveFixtures.wave("window-" + UUID.randomUUID(), machines("window", 3), 1,
                null, null, null);
        request.put("window", Map.of("notAfter", Instant.now().plusSeconds(4).toString()));
        UUID waveId = accepted(request);
        worker.serve(waveId, FakeWorker.Mode.HOLD);

        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> wave(waveId).body("jobs.CANCELLED", equalTo(2)));
        List<String> jobs = jobIds(waveId);
        WaveFixtures.job(jobs.get(2)).body("transitions[-1].reason", containsString(
                "window closed"));
        worker.finishHeld(waveId);
        awaitWave(waveId, "COMPLETED_WITH_FAILURES");
        WaveFixtures.job(jobs.get(0)).body("state", equalTo("COMPLETED"));
        assertThat(worker.requests(waveId)).hasSize(1);
        act(waveId, "rerun").statusCode(409).body("detail", containsString("window closed"));
    }

    @Test
    void cancelledJobRetriedRunsItsWaveAgain() {
        UUID waveId = accepted(WaveFixtures.wave("retry-" + UUID.randomUUID(), machines("retry", 2), 2, null, null,
                null));
        worker.serve(waveId, FakeWorker.Mode.HOLD);
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> wave(waveId).body("jobs.CONVERTING", equalTo(2)));
        String cancelled = jobIds(waveId).get(0);

        jobAction(cancelled, "cancel").statusCode(200).body("state", equalTo("CANCELLING"));
        awaitJob(cancelled, "CANCELLED");
        worker.finishHeld(waveId);
        awaitWave(waveId, "COMPLETED_WITH_FAILURES");

        worker.serve(waveId, FakeWorker.Mode.AUTO);
        jobAction(cancelled, "retry").statusCode(200).body("attemptsLeft", equalTo(3));
        awaitWave(waveId, "COMPLETED");
        WaveFixtures.job(cancelled).body("attempt", equalTo(2)).body("attempts[0].outcome", equalTo("CANCELLED"))
                .body("attempts[1].outcome", equalTo("COMPLETED"));
        jobAction(cancelled, "cancel").statusCode(409);
    }

    private static ValidatableResponse jobAction(String jobId, String action) {
        return given().auth().oauth2(TestInfrastructure.token("operator")).when()
                .post("/api/v1/jobs/" + jobId + "/" + action).then();
    }

    private static void retryIsRefused(String completedJob) {
        jobAction(completedJob, "retry").statusCode(409)
                .body("detail", containsString("never migrated twice"));
        awaitJob(completedJob, "COMPLETED");
    }

    private List<MachineRecord> machines(String prefix, int count) {
        List<MachineRecord> machines = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int index = 0; index < count; index++) {
            machines.add(fixtures.machine(prefix + "-" + run + "-" + index, "esx-" + run, "ds-" + run));
        }
        return machines;
    }
}
