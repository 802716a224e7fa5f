package dev.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.events.EventCodec;
import dev.ferry.inventory.testing.VsphereSimulator;

/**
 * What a person (or ferry-agent) does through the services' public APIs in the system tests: registers sources and
 * machines in the inventory, submits waves to the scheduler and follows them.
 */
final class FerryApi {

    private static final Duration DISCOVERY = Duration.ofSeconds(90);

    private final FerrySystem ferry;
    private final int inventory;
    private final int scheduler;

    FerryApi(FerrySystem ferry, int inventory, int scheduler) {
        this.ferry = ferry;
        this.inventory = inventory;
        this.scheduler = scheduler;
    }

    /** Uploads {@code ova} to a new OVF source and returns the one machine discovered in it. */
    JsonNode importOva(Path ova) throws Exception {
        String source = createSource(Map.of("name", "ova-" + UUID.randomUUID(), "kind", "OVF"));
        HttpResponse<String> upload = ferry.postFile(ferry.uri(inventory, "/api/v1/sources/" + source
                + "/uploads?filename=" + ova.getFileName()), "operator", ova);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        return onlyMachine(source, json(upload).get("id").asText());
    }

    /**
     * Adds an OVF source whose descriptor lies at {@code path} under the inventory's storage root (its disks beside
     * it, read by workers in place), discovers it and returns its one machine.
     */
    JsonNode discoverOvf(String path) throws Exception {
        String source = createSource(Map.of("name", "ovf-" + UUID.randomUUID(), "kind", "OVF", "path", path));
        return onlyMachine(source, startDiscovery(source));
    }

    private JsonNode onlyMachine(String source, String runId) throws Exception {
        awaitRun(runId);
        List<JsonNode> machines = machinesOf(source);
        assertThat(machines).hasSize(1);
        return machines.get(0);
    }

    /** Registers a physical host as ferry-agent does, with one boot disk exported at {@code nbdUri}. */
    JsonNode registerPhysicalHost(String name, boolean efi, int cpus, long diskBytes, String nbdUri)
            throws Exception {
        String source = createSource(Map.of("name", "hosts-" + UUID.randomUUID(), "kind", "PHYSICAL"));
        HttpResponse<String> token = ferry.post(ferry.uri(inventory, "/api/v1/sources/" + source
                + "/registration-tokens"), "admin", "{}");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        ObjectNode facts = EventCodec.mapper().createObjectNode();
        facts.put("hostName", name);
        facts.put("biosUuid", UUID.randomUUID().toString());
        facts.put("firmware", efi ? "EFI" : "BIOS");
        facts.put("secureBoot", false);
        facts.putObject("os").put("id", "rhel").put("name", "Red Hat Enterprise Linux Server").put("version", "7.9")
                .put("architecture", "x86_64");
        facts.putObject("cpu").put("logical", cpus).put("sockets", 1).put("coresPerSocket", cpus);
        facts.put("memoryBytes", 4L << 30);
        ObjectNode disk = facts.putArray("disks").addObject();
        disk.put("name", "sda").put("sizeBytes", diskBytes).put("transport", "sata").put("boot", true)
                .put("nbdUri", nbdUri);
        facts.putArray("nics").addObject().put("name", "eth0").put("mac", "52:54:00:12:34:56");
        HttpResponse<String> registered = ferry.http(ferry.uri(inventory, "/api/v1/agent/registrations"),
                "Bearer " + json(token).get("token").asText(), facts.toString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return machine(json(registered).get("machineId").asText());
    }

    /** Adds the simulator as a vSphere source, discovers it and returns its machines. */
    List<JsonNode> discoverVsphere(VsphereSimulator vcsim) throws Exception {
        String source = createSource(Map.of("name", "vcsim-" + UUID.randomUUID(), "kind", "VSPHERE", "url",
                vcsim.url().toString(), "username", VsphereSimulator.USERNAME, "password", VsphereSimulator.PASSWORD,
                "certificateThumbprint", vcsim.thumbprint()));
        awaitRun(startDiscovery(source));
        return machinesOf(source);
    }

    private String startDiscovery(String source) throws Exception {
        HttpResponse<String> started = ferry.post(ferry.uri(inventory, "/api/v1/sources/" + source
                + "/discoveries"), "operator", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return json(started).get("id").asText();
    }

    /**
     * Submits a wave of {@code machineIds} to {@code profileId}, written under {@code folder} of the default storage
     * root, once each machine's record has reached the scheduler; returns the wave's id.
     */
    String submitWave(String name, String profileId, String folder, List<String> machineIds) throws Exception {
        for (String id : machineIds) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ferry.get(ferry.uri(scheduler, "/api/v1/machines/" + id), "viewer")
                            .statusCode() == 200);
        }
        ObjectNode wave = EventCodec.mapper().createObjectNode();
        wave.put("name", name);
        machineIds.forEach(wave.putArray("machines")::add);
        wave.put("profileId", profileId);
        wave.putObject("target").put("storageRoot", "default").put("folder", folder);
        wave.putObject("retry").put("attempts", 3).put("backoff", "PT0S");
        HttpResponse<String> submitted = ferry.post(ferry.uri(scheduler, "/api/v1/waves"), "operator",
                wave.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        return json(submitted).get("waveId").asText();
    }

    /** Waits until the wave has no job left to run and returns it. */
    JsonNode awaitWaveFinished(String waveId, Duration deadline) {
        return Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(100))
                .until(() -> wave(waveId), wave -> wave.get("state").asText().matches("COMPLETED.*|FAILED|CANCELLED"));
    }

    JsonNode wave(String waveId) throws Exception {
        return json(ferry.get(ferry.uri(scheduler, "/api/v1/waves/" + waveId), "viewer"));
    }

    /** The wave's jobs in full (itinerary, plan, attempts), in dispatch order. */
    List<JsonNode> jobs(String waveId) throws Exception {
        JsonNode page = json(ferry.get(ferry.uri(scheduler, "/api/v1/jobs?size=1000&wave=" + waveId), "viewer"));
        List<JsonNode> jobs = new ArrayList<>();
        for (JsonNode summary : page.get("items")) {
            jobs.add(job(summary.get("id").asText()));
        }
        return jobs;
    }

    JsonNode job(String jobId) throws Exception {
        return json(ferry.get(ferry.uri(scheduler, "/api/v1/jobs/" + jobId), "viewer"));
    }

    private String createSource(Map<String, String> fields) throws Exception {
        HttpResponse<String> created = ferry.post(ferry.uri(inventory, "/api/v1/sources"), "admin",
                EventCodec.mapper().writeValueAsString(fields));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asText();
    }

    private void awaitRun(String runId) {
        JsonNode run = Awaitility.await().atMost(DISCOVERY).pollInterval(Duration.ofMillis(300))
                .until(() -> json(ferry.get(ferry.uri(inventory, "/api/v1/discoveries/" + runId), "viewer")),
                        found -> !found.get("state").asText().matches("PENDING|RUNNING"));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    }

    private List<JsonNode> machinesOf(String source) throws Exception {
        JsonNode page = json(ferry.get(ferry.uri(inventory, "/api/v1/machines?size=100&source=" + source),
                "viewer"));
        List<JsonNode> machines = new ArrayList<>();
        page.get("items").forEach(machines::add);
        return machines;
    }

    private JsonNode machine(String id) throws Exception {
        return json(ferry.get(ferry.uri(inventory, "/api/v1/machines/" + id), "viewer"));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return EventCodec.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
