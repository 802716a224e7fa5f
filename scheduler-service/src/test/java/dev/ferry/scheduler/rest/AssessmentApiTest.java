package dev.ferry.scheduler.rest;

import static dev.ferry.scheduler.rest.ProfileApiTest.as;
import static dev.ferry.scheduler.testing.TestMachines.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Assessing through the API machines published to the machine topic: the vSphere simulator's default VMs (otherGuest,
 * 1 vCPU, 32 MiB, one small SCSI disk, an e1000 adapter, BIOS) and a few machines that hit the interesting rules.
 */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class AssessmentApiTest {

    private static final String SOURCE = UUID.randomUUID().toString();
    private static final String SIMULATOR_VM = UUID.randomUUID().toString();
    private static final String BIG_WINDOWS = UUID.randomUUID().toString();
    private static final String UEFI_LINUX = UUID.randomUUID().toString();
    private static final String HUGE_DISK = UUID.randomUUID().toString();

    private static KafkaProducer<String, String> producer;
    private static boolean published;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.endpoints().kafkaBootstrapServers()), new StringSerializer(),
                new StringSerializer());
    }

    // Once per class, but after Quarkus has started (RestAssured knows the port only then).
    @BeforeEach
    void publishMachines() throws Exception {
        if (published) {
            return;
        }
        published = true;
        for (String name : List.of("DC0_H0_VM0", "DC0_H0_VM1", "DC0_C0_RP0_VM0")) {
            publish(simulatorVm(UUID.randomUUID().toString(), name));
        }
        publish(simulatorVm(SIMULATOR_VM, "DC0_C0_RP0_VM1"));
        publish(machine().id(BIG_WINDOWS).name("sql01").source(SourceKind.VSPHERE, SOURCE)
                .guest("windows7Server64Guest", OsFamily.WINDOWS, 64).cpus(8).memoryGiB(32)
                .disk(Disk.Controller.SCSI, 0, 0, 60, true).disk(Disk.Controller.SCSI, 0, 1, 500, false)
                .nic(Nic.AdapterType.VMXNET3, false).nic(Nic.AdapterType.E1000, true).nic(Nic.AdapterType.E1000E, false)
                .snapshots(2).build());
        publish(machine().id(UEFI_LINUX).name("web01").source(SourceKind.VSPHERE, SOURCE)
                .guest("rhel8_64Guest", OsFamily.LINUX, 64).firmware(Firmware.Type.EFI, true).build());
        publish(machine().id(HUGE_DISK).name("files01").source(SourceKind.VSPHERE, SOURCE)
                .guest("windows7Server64Guest", OsFamily.WINDOWS, 64).disk(Disk.Controller.SCSI, 0, 0, 80, true)
                .disk(Disk.Controller.SCSI, 0, 1, 2500, false).build());
        for (String id : List.of(SIMULATOR_VM, BIG_WINDOWS, UEFI_LINUX, HUGE_DISK)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer")
                    .get("/api/v1/machines/" + id).then().statusCode(200));
        }
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void hyperV2008R2AssessmentGivesFindingsAndPlansPerMachine() {
        JsonPath report = assess("hyperv-2008r2");
        assertThat(report.getInt("summary.machines")).isEqualTo(7);
        assertThat(report.getInt("summary.byReadiness.NOT_READY")).isEqualTo(2);
        assertThat(report.getList("summary.byRule.ruleId", String.class)).contains("cpu.over-cap", "boot.disk-bus",
                "firmware.unsupported", "disk.too-large");

        // The simulator's VM: a guest 2008 R2 does not list gets legacy adapters and IDE disks, boot disk at IDE 0:0.
        Map<String, Object> simulator = machineOf(report, SIMULATOR_VM);
        assertThat(simulator.get("readiness")).isEqualTo("READY_WITH_CONDITIONS");
        assertThat(ruleIds(simulator)).contains("guest.unsupported", "guest.no-integration-services",
                "nic.adapter-mapped", "boot.disk-bus");
        assertThat(path(simulator, "plan.disks[0].slot")).isEqualTo(Map.of("bus", "IDE", "controller", 0,
                "location", 0));
        assertThat(path(simulator, "plan.disks[0].targetFormat")).isEqualTo("vhd");
        assertThat(path(simulator, "plan.disks[0].fileName")).isEqualTo("dc0_c0_rp0_vm1-disk0.vhd");
        assertThat(path(simulator, "plan.nics[0].kind")).isEqualTo("LEGACY");

        // 8 vCPUs capped to 4; the PXE adapter stays legacy, the others become synthetic; the data disk stays on SCSI.
        Map<String, Object> sql = machineOf(report, BIG_WINDOWS);
        assertThat(ruleIds(sql)).contains("cpu.over-cap", "snapshot.consolidate");
        assertThat(path(sql, "plan.vcpus")).isEqualTo(4);
        assertThat(path(sql, "plan.nics.kind")).isEqualTo(List.of("SYNTHETIC", "LEGACY", "SYNTHETIC"));
        assertThat(path(sql, "plan.disks.slot.bus")).isEqualTo(List.of("IDE", "SCSI"));
        assertThat(path(sql, "plan.remediations.description").toString()).contains("vCPUs capped from 8 to 4");

        assertThat(machineOf(report, UEFI_LINUX).get("readiness")).isEqualTo("NOT_READY");
        Map<String, Object> files = machineOf(report, HUGE_DISK);
        assertThat(files.get("readiness")).isEqualTo("NOT_READY");
        assertThat(path(files, "findings.find { it.ruleId == 'disk.too-large' }.message").toString())
                .contains("2,500 GiB").contains("2,040 GiB");
    }

    @Test
    void hyperV2019Generation2AssessmentPointsBiosMachinesToGeneration1() {
        JsonPath report = assess("hyperv-2019-gen2");
        Map<String, Object> simulator = machineOf(report, SIMULATOR_VM);
        assertThat(simulator.get("readiness")).isEqualTo("NOT_READY");
        assertThat(path(simulator, "findings.find { it.ruleId == 'firmware.unsupported' }.message").toString())
                .contains("hyperv-2019-gen1");

        Map<String, Object> web = machineOf(report, UEFI_LINUX);
        assertThat(web.get("readiness")).isNotEqualTo("NOT_READY");
        assertThat(path(web, "plan.generation")).isEqualTo(2);
        assertThat(path(web, "plan.secureBootTemplate")).isEqualTo("MicrosoftUEFICertificateAuthority");
        assertThat(path(web, "plan.disks[0].slot")).isEqualTo(Map.of("bus", "SCSI", "controller", 0, "location", 0));
        assertThat(path(web, "plan.disks[0].targetFormat")).isEqualTo("vhdx");
    }

    @Test
    void assessmentIsStoredReRunAndExported() throws Exception {
        JsonPath created = assess("hyperv-2008r2");
        String id = created.getString("id");
        as("viewer").get("/api/v1/assessments/" + id).then().statusCode(200).body("runs", equalTo(1))
                .body("machines.size()", equalTo(7));
        as("viewer").get("/api/v1/assessments").then().statusCode(200).body("items.id", hasItem(id));

        // A machine changes in the inventory; a re-run of its assessment sees the change.
        String source = UUID.randomUUID().toString();
        String changing = UUID.randomUUID().toString();
        publish(machine().id(changing).name("app02").source(SourceKind.VSPHERE, source)
                .guest("windows7Server64Guest", OsFamily.WINDOWS, 64).cpus(8).build());
        awaitCpus(changing, 8);
        String own = as("operator").contentType("application/json").body(Map.of("profileId", "hyperv-2008r2",
                "machines", Map.of("sourceId", source))).post("/api/v1/assessments").then().statusCode(201)
                .extract().path("id");
        publish(machine().id(changing).name("app02").source(SourceKind.VSPHERE, source)
                .guest("windows7Server64Guest", OsFamily.WINDOWS, 64).cpus(2).build());
        awaitCpus(changing, 2);
        JsonPath rerun = as("operator").post("/api/v1/assessments/" + own + "/rerun").then().statusCode(200)
                .body("runs", equalTo(2)).body("machines.size()", equalTo(1)).extract().jsonPath();
        assertThat(ruleIds(machineOf(rerun, changing))).doesNotContain("cpu.over-cap");
        as("viewer").get("/api/v1/assessments/" + own).then().body("machines[0].plan.vcpus", equalTo(2));

        String csv = as("viewer").get("/api/v1/assessments/" + id + "/export?format=csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertThat(csv).contains("Machine,Machine id,Readiness").contains("DC0_C0_RP0_VM1").contains("NOT_READY");

        byte[] xlsx = as("viewer").get("/api/v1/assessments/" + id + "/export?format=xlsx").then().statusCode(200)
                .extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(workbook.getSheet("Summary")).isNotNull();
            assertThat(workbook.getSheet("Machines").getLastRowNum()).isEqualTo(7);
            assertThat(workbook.getSheet("Findings").getRow(0).getCell(2).getStringCellValue()).isEqualTo("Rule");
        }
        as("viewer").get("/api/v1/assessments/" + id + "/export?format=pdf").then().statusCode(400);
    }

    @Test
    void capacityPlanPlacesReadyMachinesAndExplainsTheRest() {
        String assessment = assess("hyperv-2008r2").getString("id");
        JsonPath plan = as("operator").contentType("application/json").body(Map.of("assessmentId", assessment,
                "identicalHosts", Map.of("logicalProcessors", 16, "memoryGiB", 64), "headroomPercent", 10))
                .post("/api/v1/capacity-plans").then().statusCode(201).extract().jsonPath();
        assertThat(plan.getDouble("vcpuPerLogicalProcessor")).isEqualTo(8.0);
        assertThat(plan.getInt("placement.hostsNeeded")).isGreaterThanOrEqualTo(plan.getInt("placement.lowerBound"));
        assertThat(plan.getList("placement.unplaced.machineId", String.class)).contains(UEFI_LINUX, HUGE_DISK);
        assertThat(plan.getList("placement.assumptions", String.class)).anyMatch(text -> text.contains("unverified"));
        as("viewer").get("/api/v1/capacity-plans/" + plan.getString("id")).then().statusCode(200)
                .body("placement.hostsNeeded", equalTo(plan.getInt("placement.hostsNeeded")));

        as("operator").contentType("application/json").body(Map.of("assessmentId", assessment)).post(
                "/api/v1/capacity-plans").then().statusCode(400);
        as("operator").contentType("application/json").body(Map.of("assessmentId", assessment, "identicalHosts",
                Map.of("logicalProcessors", 0, "memoryGiB", 64))).post("/api/v1/capacity-plans").then().statusCode(400)
                .body("errors.field", hasItem("identicalHosts.logicalProcessors"));
    }

    @Test
    void badAssessmentRequestsAreRefused() {
        as("viewer").contentType("application/json").body(Map.of("profileId", "hyperv-2008r2", "machines",
                Map.of("sourceId", SOURCE))).post("/api/v1/assessments").then().statusCode(403);
        as("operator").contentType("application/json").body(Map.of("profileId", "no-such", "machines",
                Map.of("sourceId", SOURCE))).post("/api/v1/assessments").then().statusCode(404);
        String unknown = UUID.randomUUID().toString();
        as("operator").contentType("application/json").body(Map.of("profileId", "kvm", "machines",
                Map.of("machineIds", List.of(SIMULATOR_VM, unknown)))).post("/api/v1/assessments").then()
                .statusCode(400).body("errors[0].field", equalTo("machines.machineIds"))
                .body("errors[0].message", containsString(unknown));
        as("operator").contentType("application/json").body(Map.of("profileId", "kvm", "machines",
                Map.of("nameContains", "no machine is called this"))).post("/api/v1/assessments").then()
                .statusCode(400);
        as("viewer").get("/api/v1/assessments/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static void awaitCpus(String id, int cpus) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("viewer")
                .get("/api/v1/machines/" + id).then().statusCode(200).body("cpu.count", equalTo(cpus)));
    }

    private static JsonPath assess(String profile) {
        return as("operator").contentType("application/json")
                .body(Map.of("profileId", profile, "machines", Map.of("sourceId", SOURCE)))
                .post("/api/v1/assessments").then().statusCode(201).extract().jsonPath();
    }

    private static Map<String, Object> machineOf(JsonPath report, String machineId) {
        return report.getMap("machines.find { it.machineId == '" + machineId + "' }");
    }

    private static Object path(Map<String, Object> machine, String path) {
        return JsonPath.from(EventCodec.mapper().valueToTree(machine).toString()).get(path);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleIds(Map<String, Object> machine) {
        return ((List<Map<String, Object>>) machine.get("findings")).stream().map(f -> (String) f.get("ruleId"))
                .toList();
    }

    /** A VM as the vSphere simulator's default inventory has it. */
    private static MachineRecord simulatorVm(String id, String name) {
        return machine().id(id).name(name).source(SourceKind.VSPHERE, SOURCE).guest("otherGuest", OsFamily.OTHER, 0)
                .cpus(1).memoryBytes(32L << 20).noDisks().diskBytes(Disk.Controller.SCSI, 0, 0, 1L << 20, true)
                .nic(Nic.AdapterType.E1000, false).ips(List.of()).hostName(null).build();
    }

    private static void publish(MachineRecord machine) throws Exception {
        producer.send(new ProducerRecord<>(Topics.MACHINES, machine.id(), EventCodec.encode(EventCodec.envelope(
                "/ferry/inventory", EventTypes.MACHINE_UPSERTED, machine.id(), machine)))).get();
    }
}
