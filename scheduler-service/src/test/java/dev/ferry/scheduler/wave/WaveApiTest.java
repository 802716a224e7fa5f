package dev.ferry.scheduler.wave;

import static dev.ferry.scheduler.testing.WaveFixtures.accepted;
import static dev.ferry.scheduler.testing.WaveFixtures.act;
import static dev.ferry.scheduler.testing.WaveFixtures.jobIds;
import static dev.ferry.scheduler.testing.WaveFixtures.submit;
import static dev.ferry.scheduler.testing.WaveFixtures.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import dev.ferry.scheduler.testing.TestMachines;
import dev.ferry.scheduler.testing.WaveFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The waves API: planning, refusals, bad input and actions not allowed in a state; nothing changes on a refusal. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class WaveApiTest {

    @Inject
    WaveFixtures fixtures;

    @Test
    void dryRunReturnsTheFullPlanAndStoresNothing() {
        List<MachineRecord> machines = List.of(machine("dry-a"), machine("dry-b"));
        Map<String, Object> request = WaveFixtures.wave("dry-" + UUID.randomUUID(), machines, 2, null, null, 1);
        request.put("dryRun", true);
        request.put("targetHosts", Map.of("hosts", List.of(Map.of("name", "hv01", "logicalProcessors", 32,
                "memoryGiB", 256))));
        long before = waveCount();

        submit(request).statusCode(200)
                .body("dryRun", equalTo(true))
                .body("waveId", nullValue())
                .body("assessment.machines", equalTo(2))
                .body("placement.hostsNeeded", equalTo(1))
                .body("jobs", hasSize(2))
                .body("jobs[0].position", equalTo(0))
                .body("jobs[0].machineId", equalTo(machines.get(0).id()))
                .body("jobs[0].targetHost", equalTo("hv01"))
                .body("jobs[0].sourceHost", equalTo("esx-api"))
                .body("jobs[0].target.folder", containsString("/dry-a-"))
                .body("jobs[0].plan.disks", hasSize(2))
                .body("jobs[0].plan.remediations.ruleId", hasItem("boot.disk-bus"))
                .body("limits.jobsInFlight", equalTo(2))
                .body("retry.attempts", equalTo(3))
                .body("refused", hasSize(0));
        assertThat(waveCount()).isEqualTo(before);
    }

    @Test
    void machinesWithBlockersAreRefusedWithReasonsUnlessSkipped() {
        MachineRecord good = machine("good");
        MachineRecord blocked = fixtures.store(TestMachines.machine().name("no-cpus-" + UUID.randomUUID())
                .cpus(0).build(), "esx-api", "ds-api");
        Map<String, Object> request = WaveFixtures.wave("blocked-" + UUID.randomUUID(), List.of(good, blocked), 2,
                null, null, null);
        long before = waveCount();

        submit(request).statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://ferry.dev/problems/unprocessable"))
                .body("detail", containsString("1 of the wave's 2 machines cannot be converted"))
                .body("errors[0].field", equalTo("machines[1]"))
                .body("errors[0].message", containsString("cpu.unknown"));
        assertThat(waveCount()).isEqualTo(before);

        request.put("skipBlocked", true);
        request.put("hold", true);
        UUID waveId = UUID.fromString(submit(request).statusCode(201)
                .body("state", equalTo("PLANNED"))
                .body("refused[0].machineId", equalTo(blocked.id()))
                .body("refused[0].reasons[0]", containsString("cpu.unknown"))
                .extract().path("waveId"));
        long total = wave(waveId).body("jobs.BLOCKED", equalTo(1)).body("jobs.PENDING", equalTo(1)).extract()
                .jsonPath().getLong("bytesTotal");
        assertThat(total).as("blocked machines are left out of the bytes").isEqualTo(6L << 30);
        act(waveId, "cancel").statusCode(200).body("state", equalTo("CANCELLED"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        MachineRecord machine = machine("bad");
        long before = waveCount();
        assertRefused(change(machine, "machines", List.of(machine.id(), UUID.randomUUID().toString())),
                "machines[1]", "not known to the scheduler");
        assertRefused(change(machine, "machines", List.of(machine.id(), machine.id())), "machines[1]",
                "listed twice");
        assertRefused(change(machine, "profileId", "hyperv-1999"), "profileId", "no target profile hyperv-1999");
        assertRefused(change(machine, "window", Map.of("notBefore", "2030-01-02T00:00:00Z", "notAfter",
                "2030-01-01T00:00:00Z")), "window.notAfter", "ends before it starts");
        assertRefused(change(machine, "limits", Map.of("jobsInFlight", 0)), "limits.jobsInFlight", "");
        assertRefused(change(machine, "limits", Map.of("perSourceHost", 0)), "limits.perSourceHost", "");
        assertRefused(change(machine, "target", Map.of("storageRoot", "default", "folder", "../etc")),
                "target.folder", "must stay inside the storage root");
        assertRefused(change(machine, "target", Map.of("storageRoot", "default", "folder", "/etc/ferry")),
                "target.folder", "relative path");
        assertRefused(change(machine, "target", Map.of("storageRoot", "default", "folder", "a/../../b")),
                "target.folder", "must stay inside");
        assertRefused(change(machine, "target", Map.of("storageRoot", "nowhere", "folder", "w")),
                "target.storageRoot", "no storage root named nowhere");
        assertThat(waveCount()).isEqualTo(before);
    }

    @Test
    void actionsNotAllowedInTheWavesStateAreConflicts() {
        UUID waveId = accepted(WaveFixtures.wave("actions-" + UUID.randomUUID(), List.of(machine("act")), 1, null,
                null, null));
        act(waveId, "cancel").statusCode(200);
        for (String action : List.of("pause", "resume", "cancel")) {
            act(waveId, action).statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://ferry.dev/problems/conflict"))
                    .body("detail", containsString("CANCELLED"));
        }
        wave(waveId).body("state", equalTo("CANCELLED")).body("transitions", hasSize(2))
                .body("transitions[1].from", equalTo("RUNNING")).body("transitions[1].to", equalTo("CANCELLED"));
        act(UUID.randomUUID(), "pause").statusCode(404);
        String jobId = jobIds(waveId).get(0);
        given().auth().oauth2(TestInfrastructure.token("operator")).when().post("/api/v1/jobs/" + jobId + "/cancel")
                .then().statusCode(409);
    }

    @Test
    void waveWithAFutureWindowWaitsScheduled() {
        Map<String, Object> request = WaveFixtures.wave("later-" + UUID.randomUUID(), List.of(machine("later")), 1,
                null, null, null);
        request.put("window", Map.of("notBefore", Instant.now().plusSeconds(3600).toString()));
        UUID waveId = accepted(request);
        wave(waveId).body("state", equalTo("SCHEDULED")).body("jobs.PENDING", equalTo(1))
                .body("window.notBefore", notNullValue());
        act(waveId, "pause").statusCode(200).body("state", equalTo("PAUSED"));
        act(waveId, "resume").statusCode(200).body("state", equalTo("SCHEDULED"));
        act(waveId, "cancel").statusCode(200).body("jobs.CANCELLED", equalTo(1));
    }

    @Test
    void viewerMayReadButNotSubmitOrAct() {
        given().auth().oauth2(TestInfrastructure.token("viewer")).contentType(ContentType.JSON)
                .body(WaveFixtures.wave("viewer", List.of(machine("viewer")), 1, null, null, null))
                .when().post("/api/v1/waves").then().statusCode(403);
        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/waves").then()
                .statusCode(200).body("items", notNullValue());
        given().auth().oauth2(TestInfrastructure.token("viewer")).when()
                .post("/api/v1/waves/" + UUID.randomUUID() + "/pause").then().statusCode(403);
        given().when().get("/api/v1/jobs").then().statusCode(401);
    }

    private void assertRefused(Map<String, Object> request, String field, String message) {
        submit(request).statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://ferry.dev/problems/validation"))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
    }

    private Map<String, Object> change(MachineRecord machine, String field, Object value) {
        Map<String, Object> request = new HashMap<>(WaveFixtures.wave("bad-" + UUID.randomUUID(), List.of(machine),
                1, null, null, null));
        request.put(field, value);
        return request;
    }

    private MachineRecord machine(String name) {
        return fixtures.machine(name + "-" + UUID.randomUUID(), "esx-api", "ds-api");
    }

    private static long waveCount() {
        return ((Number) given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/waves")
                .then().statusCode(200).extract().path("total")).longValue();
    }
}
