package dev.ferry.inventory;

import static dev.ferry.inventory.InventoryApi.awaitRun;
import static dev.ferry.inventory.InventoryApi.createVsphereSource;
import static dev.ferry.inventory.InventoryApi.discover;
import static dev.ferry.inventory.InventoryApi.machinesOf;
import static dev.ferry.inventory.InventoryApi.startDiscovery;
import static dev.ferry.inventory.InventoryApi.updateSource;
import static dev.ferry.inventory.InventoryApi.vsphereJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.disk.source.PinnedCertificateTrustManager;
import dev.ferry.events.EventCodec;
import dev.ferry.inventory.testing.VsphereSimulator;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Discovery of govmomi's vCenter simulator through the API, checked against the simulator's own view of its VMs. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class VsphereDiscoveryTest {

    /** How the simulator's Go types name controllers and adapters, and what Ferry calls them. */
    private static final Map<String, String> CONTROLLER_KINDS = Map.of(
            "VirtualIDEController", "IDE", "ParaVirtualSCSIController", "SCSI", "VirtualLsiLogicController", "SCSI",
            "VirtualLsiLogicSASController", "SCSI", "VirtualBusLogicController", "SCSI",
            "VirtualAHCIController", "SATA", "VirtualNVMEController", "NVME");
    private static final Map<String, String> ADAPTER_TYPES = Map.of(
            "VirtualE1000", "E1000", "VirtualE1000e", "E1000E", "VirtualVmxnet3", "VMXNET3",
            "VirtualVmxnet2", "VMXNET2", "VirtualPCNet32", "PCNET32");
    private static final List<String> CONTROLLER_ORDER = List.of("IDE", "SCSI", "SATA", "NVME");

    private static VsphereSimulator vcsim;

    @BeforeAll
    static void startSimulator() throws Exception {
        vcsim = VsphereSimulator.start("-variety");
    }

    @AfterAll
    static void stopSimulator() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void everyVmIsStoredWithTheHardwareTheSimulatorReports() throws Exception {
        String source = createVsphereSource("vpx-" + UUID.randomUUID(), vcsim);

        JsonPath run = discover(source);

        JsonNode simulated = EventCodec.mapper().readTree(vcsim.dump().toFile());
        assertThat(run.getInt("counts.found")).isEqualTo(simulated.size());
        assertThat(run.getInt("counts.new")).isEqualTo(simulated.size());
        List<Map<String, Object>> machines = machinesOf(source);
        assertThat(machines).hasSize(simulated.size());
        for (JsonNode vm : simulated) {
            JsonNode machine = machines.stream()
                    .map(found -> EventCodec.mapper().valueToTree(found))
                    .map(JsonNode.class::cast)
                    .filter(found -> vm.get("moid").asText().equals(found.at("/externalIds/managedObjectId").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("VM " + vm.get("name") + " was not stored"));
            String name = vm.get("name").asText();
            assertThat(machine.get("name").asText()).isEqualTo(name);
            assertThat(machine.at("/externalIds/instanceUuid").asText()).isEqualTo(vm.get("instanceUuid").asText());
            assertThat(machine.at("/cpu/count").asInt()).as(name).isEqualTo(vm.get("numCpu").asInt());
            assertThat(machine.get("memoryBytes").asLong()).as(name).isEqualTo(vm.get("memoryMB").asLong() << 20);
            assertThat(machine.at("/firmware/type").asText()).as(name)
                    .isEqualTo(vm.get("firmware").asText().toUpperCase());
            assertThat(machine.at("/firmware/secureBoot").asBoolean()).as(name)
                    .isEqualTo(vm.get("secureBoot").asBoolean());
            assertThat(machine.get("snapshots").size()).as(name).isEqualTo(vm.get("snapshots").asInt());
            assertThat(machine.at("/placement/datacenter").asText()).isEqualTo("DC0");

            List<String> expectedDisks = stream(vm.get("disks"))
                    .map(disk -> CONTROLLER_KINDS.get(disk.get("controllerType").asText()) + " "
                            + disk.get("bus").asInt() + ":" + disk.get("unit").asInt() + " "
                            + disk.get("capacityBytes").asLong())
                    .sorted(Comparator.comparing((String disk) -> CONTROLLER_ORDER.indexOf(disk.split(" ")[0]))
                            .thenComparing(disk -> disk.split(" ")[1]))
                    .toList();
            List<String> storedDisks = stream(machine.get("disks"))
                    .map(disk -> disk.get("controller").asText() + " " + disk.get("bus").asInt() + ":"
                            + disk.get("unit").asInt() + " " + disk.get("capacityBytes").asLong())
                    .toList();
            assertThat(storedDisks).as(name + " disks").isEqualTo(expectedDisks);
            assertThat(machine.at("/disks/0/boot").asBoolean()).isTrue();

            List<String> expectedNics = stream(vm.get("nics"))
                    .map(nic -> ADAPTER_TYPES.get(nic.get("type").asText()) + " " + nic.get("mac").asText()).toList();
            List<String> storedNics = stream(machine.get("nics"))
                    .map(nic -> nic.get("adapterType").asText() + " " + nic.get("macAddress").asText()).toList();
            assertThat(storedNics).as(name + " NICs").isEqualTo(expectedNics);
        }
    }

    @Test
    void diskContentIsTheDatastoreFileOverHttps() throws Exception {
        String source = createVsphereSource("content-" + UUID.randomUUID(), vcsim);
        discover(source);

        Map<String, Object> machine = machinesOf(source).get(0);
        JsonNode disk = EventCodec.mapper().<JsonNode> valueToTree(machine).at("/disks/0");
        assertThat(disk.at("/content/kind").asText()).isEqualTo("HTTP");
        assertThat(disk.at("/content/sourceId").asText()).isEqualTo(source);
        String url = disk.at("/content/location").asText();
        assertThat(url).startsWith("https://" + vcsim.url().getRawAuthority() + "/folder/")
                .contains("dcPath=DC0", "dsName=LocalDS_0");

        HttpClient pinned = HttpClient.newBuilder()
                .sslContext(PinnedCertificateTrustManager.context(vcsim.thumbprint())).build();
        HttpResponse<Void> response = pinned.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
    }

    @Test
    void rediscoveryUpdatesInPlaceAndPublishesNothingForUnchangedMachines() {
        String source = createVsphereSource("again-" + UUID.randomUUID(), vcsim);
        discover(source);
        List<Object> ids = machinesOf(source).stream().map(machine -> machine.get("id")).toList();

        JsonPath second = discover(source);

        assertThat(second.getInt("counts.found")).isEqualTo(ids.size());
        assertThat(second.getInt("counts.new")).isZero();
        assertThat(second.getInt("counts.changed")).isZero();
        assertThat(second.getInt("counts.gone")).isZero();
        assertThat(machinesOf(source).stream().map(machine -> machine.get("id")).toList())
                .containsExactlyInAnyOrderElementsOf(ids);

        // Anything published after the second run is behind this marker in the outbox's order.
        String marker = given().auth().oauth2(TestInfrastructure.token("operator"))
                .contentType("application/json").body("{\"name\": \"marker\", \"cpus\": 1, \"disks\": []}")
                .when().post("/api/v1/machines").then().statusCode(201).extract().path("id");
        try (MachineTopic topic = new MachineTopic()) {
            topic.readUntil(read -> !topic.withKey(marker).isEmpty());
            for (Object id : ids) {
                assertThat(topic.withKey(id.toString())).as("records of machine %s", id).hasSize(1);
            }
        }
    }

    @Test
    void machinesNoLongerInTheSourceAreMarkedGoneAndTombstoned() throws Exception {
        String source = createVsphereSource("moved-" + UUID.randomUUID(), vcsim);
        discover(source);
        List<String> before = machinesOf(source).stream().map(machine -> machine.get("id").toString()).toList();

        try (VsphereSimulator smaller = VsphereSimulator.start("-vm", "1", "-cluster", "0")) {
            updateSource(source, vsphereJson("moved-" + UUID.randomUUID(), smaller.url().toString(),
                    VsphereSimulator.PASSWORD, smaller.thumbprint()));
            JsonPath run = discover(source);

            // The simulator derives ids from names, so its one VM (DC0_H0_VM0) is one seen before.
            assertThat(run.getInt("counts.found")).isEqualTo(1);
            assertThat(run.getInt("counts.new")).isZero();
            assertThat(run.getInt("counts.gone")).isEqualTo(before.size() - 1);
        }
        List<String> present = machinesOf(source).stream().map(machine -> machine.get("id").toString()).toList();
        assertThat(before).containsAll(present);
        List<String> gone = before.stream().filter(id -> !present.contains(id)).toList();
        assertThat(gone).hasSize(before.size() - 1);
        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/machines/" + gone.get(0))
                .then().statusCode(200).body("goneSince", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/machines/" + present.get(0))
                .then().statusCode(200).body("goneSince", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(TestInfrastructure.token("viewer"))
                .queryParam("source", source).queryParam("includeGone", true)
                .when().get("/api/v1/machines").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.is(before.size()));
        try (MachineTopic topic = new MachineTopic()) {
            topic.readUntil(read -> gone.stream().allMatch(id -> topic.withKey(id).stream()
                    .anyMatch(record -> record.value() == null)));
            List<ConsumerRecord<String, String>> last = topic.withKey(gone.get(0));
            assertThat(last.get(last.size() - 1).value()).as("a tombstone comes last").isNull();
            assertThat(topic.withKey(present.get(0))).allMatch(record -> record.value() != null);
        }
    }

    @Test
    void failingDiscoveryKeepsStoredMachinesAndSaysWhy() throws Exception {
        String name = "failing-" + UUID.randomUUID();
        String source = createVsphereSource(name, vcsim);
        discover(source);
        int stored = machinesOf(source).size();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> failures = Map.of(
                vsphereJson(name, vcsim.url().toString(), "wrong password", vcsim.thumbprint()),
                "incorrect user name or password",
                vsphereJson(name, vcsim.url().toString(), VsphereSimulator.PASSWORD, "ab".repeat(32)),
                "does not match the source's certificateThumbprint",
                vsphereJson(name, "https://127.0.0.1:" + closedPort + "/sdk", VsphereSimulator.PASSWORD,
                        vcsim.thumbprint()),
                "cannot connect to 127.0.0.1:" + closedPort);
        // Another source discovered at the same time is not affected.
        String healthy = createVsphereSource("healthy-" + UUID.randomUUID(), vcsim);
        String healthyRun = startDiscovery(healthy);

        for (Map.Entry<String, String> failure : failures.entrySet()) {
            updateSource(source, failure.getKey());
            JsonPath run = awaitRun(startDiscovery(source));

            assertThat(run.getString("state")).isEqualTo("FAILED");
            assertThat(run.getString("failure")).contains(failure.getValue()).doesNotContain("wrong password");
            assertThat(machinesOf(source)).hasSize(stored);
        }
        assertThat(awaitRun(healthyRun).getString("state")).isEqualTo("SUCCEEDED");
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return array == null ? java.util.stream.Stream.empty()
                : java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
