package dev.ferry.scheduler.service.admission;

import static dev.ferry.scheduler.testing.WaveFixtures.act;
import static dev.ferry.scheduler.testing.WaveFixtures.submit;
import static dev.ferry.scheduler.testing.WaveFixtures.wave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.scheduler.model.JobTransition;
import dev.ferry.scheduler.service.job.JobState;
import dev.ferry.scheduler.testing.WaveFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Admission rounds run at the same time, as several scheduler replicas would run them against one database: the
 * limits still hold and no job is dispatched twice.
 */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class AdmissionReplicasTest {

    @Inject
    WaveFixtures fixtures;

    @Inject
    Admission admission;

    @Test
    void concurrentRoundsNeverAdmitBeyondTheLimitNorTwice() throws Exception {
        List<MachineRecord> machines = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int index = 0; index < 12; index++) {
            machines.add(fixtures.machine("replica-" + run + "-" + index, "esx-" + run, "ds-" + run));
        }
        Map<String, Object> request = WaveFixtures.wave("replicas-" + run, machines, 5, null, null, null);
        request.put("hold", true);
        UUID waveId = UUID.fromString(submit(request).statusCode(201).extract().path("waveId"));

        ExecutorService replicas = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> rounds = new ArrayList<>();
        for (int index = 0; index < 12; index++) {
            rounds.add(() -> QuarkusTransaction.requiringNew().call(admission::round));
        }
        act(waveId, "resume").statusCode(200);
        int admitted = 0;
        for (Future<Integer> round : replicas.invokeAll(rounds)) {
            admitted += round.get();
        }
        replicas.shutdown();

        // The rounds raced each other and this service's own ticker, which the resume woke: whoever won admitted.
        assertThat(admitted).isLessThanOrEqualTo(5);
        Awaitility.await().atMost(WaveFixtures.PATIENCE).untilAsserted(() -> wave(waveId)
                .body("jobs.DISPATCHED", equalTo(5)));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> wave(waveId)
                .body("jobs.DISPATCHED", equalTo(5)).body("jobs.QUEUED", equalTo(7)));
        long dispatches = QuarkusTransaction.requiringNew().call(() -> JobTransition.count(
                "toState = ?1 and jobId in (select j.id from Job j where j.waveId = ?2)", JobState.DISPATCHED,
                waveId));
        assertThat(dispatches).isEqualTo(5);
        act(waveId, "cancel").statusCode(200);
    }
}
