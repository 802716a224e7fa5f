package dev.ferry.scheduler.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.awaitility.Awaitility;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Placement;
import dev.ferry.localstack.testing.TestInfrastructure;
import dev.ferry.scheduler.service.MachineCatalog;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Machines in the scheduler's catalog and waves submitted through the API, for wave and job tests. */
@ApplicationScoped
public class WaveFixtures {

    /** A profile the healthy test machines (Windows Server 2019, BIOS) convert for without blockers. */
    public static final String PROFILE = "hyperv-2019-gen1";

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    MachineCatalog catalog;

    /** Stores a healthy machine running on {@code sourceHost} with its files on {@code datastores}. */
    @Transactional
    public MachineRecord machine(String name, String sourceHost, String... datastores) {
        return store(TestMachines.machine().name(name).disk(dev.ferry.events.machine.Disk.Controller.SCSI, 0, 0, 4,
                true).disk(dev.ferry.events.machine.Disk.Controller.SCSI, 0, 1, 2, false).build(), sourceHost,
                datastores);
    }

    /** Stores {@code machine} as running on {@code sourceHost} with its files on {@code datastores}. */
    @Transactional
    public MachineRecord store(MachineRecord machine, String sourceHost, String... datastores) {
        MachineRecord placed = placed(machine, sourceHost, datastores);
        catalog.upsert(placed);
        return placed;
    }

    /** {@code machine} running on {@code sourceHost} with its files on {@code datastores}. */
    public static MachineRecord placed(MachineRecord machine, String sourceHost, String... datastores) {
        return new MachineRecord(machine.id(), machine.sourceId(), machine.sourceKind(), machine.externalIds(),
                machine.name(), machine.powerState(), machine.guestOs(), machine.firmware(), machine.cpu(),
                machine.memoryBytes(), machine.disks(), machine.nics(), machine.snapshots(),
                machine.changedBlockTracking(), new Placement("DC1", "cluster1", sourceHost, List.of(datastores)),
                machine.tools(), machine.ipAddresses(), machine.hostName(), machine.devices(), machine.firstSeen(),
                machine.lastSeen());
    }

    /** A wave request of {@code machines} with the given limits (null for none), ready to change before posting. */
    public static Map<String, Object> wave(String name, List<MachineRecord> machines, Integer jobsInFlight,
            Integer perSourceHost, Integer perDatastore, Integer perTargetHost) {
        Map<String, Object> limits = new HashMap<>();
        limits.put("jobsInFlight", jobsInFlight);
        limits.put("perSourceHost", perSourceHost);
        limits.put("perDatastore", perDatastore);
        limits.put("perTargetHost", perTargetHost);
        Map<String, Object> wave = new HashMap<>();
        wave.put("name", name);
        wave.put("machines", new ArrayList<>(machines.stream().map(MachineRecord::id).toList()));
        wave.put("profileId", PROFILE);
        wave.put("target", Map.of("storageRoot", "default", "folder", "waves/" + name));
        wave.put("limits", limits);
        wave.put("retry", Map.of("attempts", 3, "backoff", "PT0S"));
        return wave;
    }

    /** Posts {@code wave} as an operator. */
    public static ValidatableResponse submit(Map<String, Object> wave) {
        return given().auth().oauth2(TestInfrastructure.token("operator")).contentType(ContentType.JSON).body(wave)
                .when().post("/api/v1/waves").then();
    }

    /** Posts {@code wave}, expects it accepted, and returns its id. */
    public static UUID accepted(Map<String, Object> wave) {
        return UUID.fromString(submit(wave).statusCode(201).extract().path("waveId"));
    }

    /** Posts an action ("pause", "resume", "cancel", "rerun") on a wave as an operator. */
    public static ValidatableResponse act(UUID waveId, String action) {
        return given().auth().oauth2(TestInfrastructure.token("operator")).when()
                .post("/api/v1/waves/" + waveId + "/" + action).then();
    }

    /** The wave as a viewer reads it. */
    public static ValidatableResponse wave(UUID waveId) {
        return given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/waves/" + waveId)
                .then().statusCode(200);
    }

    /** The job as a viewer reads it. */
    public static ValidatableResponse job(String jobId) {
        return given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/jobs/" + jobId)
                .then().statusCode(200);
    }

    /** The ids of the wave's jobs in dispatch order. */
    public static List<String> jobIds(UUID waveId) {
        return given().auth().oauth2(TestInfrastructure.token("viewer")).queryParam("wave", waveId)
                .queryParam("size", 1000).when().get("/api/v1/jobs").then().statusCode(200).extract()
                .path("items.id");
    }

    /** Waits until the wave is in {@code state}. */
    public static void awaitWave(UUID waveId, String state) {
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> wave(waveId).body("state",
                org.hamcrest.Matchers.equalTo(state)));
    }

    /** Waits until the job is in {@code state}. */
    public static void awaitJob(String jobId, String state) {
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> job(jobId).body("state",
                org.hamcrest.Matchers.equalTo(state)));
    }
}
