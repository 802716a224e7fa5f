package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.events.EventCodec;

/** The ferry command line as a person types it, against stand-ins of the two services. */
class CommandLineTest {

    private static final String TOKEN = "eyJ.secret-token.sig";
    private static final String SOURCE_ID = "5f0c5a0e-3b7e-4a8e-9d0b-7c1a2b3c4d5e";
    private static final String SOURCES = """
            {"items": [{"id": "%s", "name": "vc-prod", "kind": "VSPHERE", "url": "https://vc/sdk",
             "passwordStored": true, "createdAt": "2026-11-24T10:00:00Z"}], "page": 0, "size": 100, "total": 1}"""
            .formatted(SOURCE_ID);

    @TempDir
    Path folder;

    private final FakeApi inventory;
    private final FakeApi scheduler;

    CommandLineTest() throws IOException {
        inventory = FakeApi.start();
        scheduler = FakeApi.start();
    }

    @AfterEach
    void stop() {
        inventory.close();
        scheduler.close();
    }

    @Test
    void listsSourcesAsATableWithTheTokenFromTheEnvironment() {
        inventory.answer("GET", "/api/v1/sources", 200, SOURCES);

        CliRun run = run("sources", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "ID                                    NAME     KIND     WHERE           CREATED",
                SOURCE_ID + "  vc-prod  VSPHERE  https://vc/sdk  2026-11-24T10:00:00Z");
        assertThat(inventory.last("GET", "/api/v1/sources").authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(inventory.last("GET", "/api/v1/sources").pathAndQuery()).isEqualTo(
                "/api/v1/sources?page=0&size=100");
    }

    @Test
    void jsonOutputIsTheApisAnswer() throws Exception {
        inventory.answer("GET", "/api/v1/sources", 200, SOURCES);

        CliRun run = run("-o", "json", "sources", "list");

        assertThat(EventCodec.mapper().readTree(run.out())).isEqualTo(EventCodec.mapper().readTree(SOURCES));
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() {
        inventory.answer("GET", "/api/v1/sources", 200, SOURCES);

        CliRun run = CliRun.of(Map.of("FERRY_TOKEN", TOKEN), "sources", "list", "--inventory-url", inventory.url()
                .toString(), "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{");
    }

    @Test
    void aSourceIsFoundByNameAndItsPasswordComesFromStandardInputNeverFromAnArgument() throws Exception {
        inventory.answer("GET", "/api/v1/sources", 200, SOURCES).answer("POST", "/api/v1/sources", 201,
                "{\"id\": \"x\", \"name\": \"vc-test\", \"kind\": \"VSPHERE\"}");

        CliRun run = CliRun.withInput(environment(), "s3cret pass\n", "sources", "create", "--kind", "vsphere", "--name",
                "vc-test", "--url", "https://vc-test/sdk", "--username", "svc", "--password-stdin");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode sent = EventCodec.mapper().readTree(inventory.last("POST", "/api/v1/sources").body());
        assertThat(sent.path("password").asText()).isEqualTo("s3cret pass");
        assertThat(sent.path("kind").asText()).isEqualTo("VSPHERE");
        assertThat(run.out() + run.err()).doesNotContain("s3cret");
        assertThat(run("sources", "create", "--kind", "vsphere", "--name", "x", "--password", "p").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aVsphereSourceWithoutAPasswordOffATerminalIsAUsageError() {
        CliRun run = run("sources", "create", "--kind", "VSPHERE", "--name", "vc", "--url", "https://vc/sdk");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--password-stdin");
        assertThat(inventory.requests()).isEmpty();
    }

    @Test
    void anApiProblemIsShownWithItsTitleDetailAndFieldErrors() {
        inventory.answer("POST", "/api/v1/sources", 400, """
                {"type": "https://ferry.dev/problems/invalid", "title": "Invalid request", "status": 400,
                 "detail": "the source has 2 invalid fields", "errors": [{"field": "url", "message": "must be an https URL"},
                 {"field": "name", "message": "is taken"}]}""");

        CliRun run = run("sources", "create", "--kind", "RVTOOLS", "--name", "x", "--url", "ftp://x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines()).containsExactly(
                "error: Invalid request: the source has 2 invalid fields",
                "  url: must be an https URL",
                "  name: is taken");
    }

    @Test
    void aRefusedTokenIsExplainedWithoutShowingIt() {
        inventory.answer("GET", "/api/v1/machines", 401, "");

        CliRun run = run("machines", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("error: Unauthorized", "did not accept the token from FERRY_TOKEN")
                .doesNotContain(TOKEN);
    }

    @Test
    void aLackingRoleNamesTheLocalStacksAdminToken() {
        inventory.answer("POST", "/api/v1/sources", 403, "{\"title\": \"Not allowed\", \"status\": 403, "
                + "\"detail\": \"your role does not allow this action\"}");
        Map<String, String> environment = new java.util.HashMap<>(environment());
        environment.put("FERRY_HOME", "/srv/ferry");

        CliRun run = CliRun.of(environment, "sources", "create", "--kind", "OVF", "--name", "x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("error: Not allowed: your role does not allow this action",
                "the token from FERRY_TOKEN lacks the role", "--token-file /srv/ferry/tokens/admin.jwt");
    }

    @Test
    void aMissingTokenSaysWhereOneWasLookedFor() {
        inventory.answer("GET", "/api/v1/machines", 401, "");

        CliRun run = CliRun.of(Map.of("FERRY_INVENTORY_URL", inventory.url().toString()), "machines", "list");

        assertThat(inventory.last("GET", "/api/v1/machines").authorization()).isNull();
        assertThat(run.err()).contains("no token was sent", "/nonexistent/ferry-home/tokens/operator.jwt",
                "--token-file");
    }

    @Test
    void theLocalStacksOperatorTokenIsTheDefaultAndATokenFileWins() throws Exception {
        Path home = Files.createDirectories(folder.resolve("home/tokens"));
        Files.writeString(home.resolve("operator.jwt"), "operator-token\n");
        Files.writeString(folder.resolve("admin.jwt"), "admin-token");
        inventory.answer("GET", "/api/v1/sources", 200, SOURCES);
        Map<String, String> local = Map.of("FERRY_HOME", folder.resolve("home").toString(), "FERRY_INVENTORY_URL",
                inventory.url().toString());

        CliRun.of(local, "sources", "list");
        String byDefault = inventory.last("GET", "/api/v1/sources").authorization();
        CliRun.of(local, "--token-file", folder.resolve("admin.jwt").toString(), "sources", "list");

        assertThat(byDefault).isEqualTo("Bearer operator-token");
        assertThat(inventory.last("GET", "/api/v1/sources").authorization()).isEqualTo("Bearer admin-token");
    }

    @Test
    void aServiceNobodyListensOnExitsWithThreeAndTheUrlAndAHint() {
        CliRun run = CliRun.of(Map.of("FERRY_TOKEN", TOKEN), "--scheduler-url", "http://127.0.0.1:9", "rules",
                "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the scheduler service at http://127.0.0.1:9",
                "bin/ferry-local up", "--scheduler-url");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("-o", "yaml", "rules", "list").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("machines", "list", "--os", "beos").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("waves", "list", "--state", "sleeping").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--inventory-url", "not a url", "machines", "list").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun noSelection = run("assess", "--profile", "kvm");
        assertThat(noSelection.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noSelection.err()).contains("say which machines");
        assertThat(run("assess", "--profile", "kvm", "--all", "--os", "linux").err()).contains("one way");
        assertThat(scheduler.requests()).isEmpty();
    }

    @Test
    void helpNamesTheDefaultTokenAndEveryCommandHasHelp() {
        CliRun help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains(".ferry", "tokens/operator.jwt", "FERRY_TOKEN", "FERRY_INVENTORY_URL",
                "http://127.0.0.1:8081", "http://127.0.0.1:8082");
        for (String[] command : new String[][] { { "sources", "create" }, { "discover" }, { "upload" },
                { "machines", "list" }, { "profiles", "add" }, { "rules", "list" }, { "assess" }, { "capacity" },
                { "waves", "submit" }, { "waves", "watch" }, { "jobs", "retry" }, { "demo" } }) {
            String[] arguments = java.util.Arrays.copyOf(command, command.length + 1);
            arguments[command.length] = "--help";
            CliRun run = run(arguments);
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: ferry " + String.join(" ",
                    command));
        }
    }

    @Test
    void machineFiltersBecomeTheInventorysQueryWithTheSourceNameResolved() {
        inventory.answer("GET", "/api/v1/sources", 200, SOURCES).answer("GET", "/api/v1/machines", 200,
                "{\"items\": [], \"page\": 0, \"size\": 100, \"total\": 0}");

        CliRun run = run("machines", "list", "--source", "vc-prod", "--os", "windows", "--power", "powered_on",
                "--name", "web 01", "--sort", "-memoryBytes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(inventory.last("GET", "/api/v1/machines").pathAndQuery()).isEqualTo("/api/v1/machines?page=0"
                + "&size=100&source=" + SOURCE_ID + "&name=web+01&osFamily=WINDOWS&powerState=POWERED_ON"
                + "&sort=-memoryBytes");
    }

    @Test
    void assessSendsTheSelectionAndPrintsReadinessFindingsAndPlan() throws Exception {
        scheduler.answer("POST", "/api/v1/assessments", 201, """
                {"id": "a-1", "profileId": "hyperv-2019-gen1", "profileName": "Hyper-V 2019 Gen 1",
                 "summary": {"machines": 1, "byReadiness": {"READY": 0, "READY_WITH_CONDITIONS": 1, "NOT_READY": 0},
                             "byRule": [{"ruleId": "nic.adapter-mapped", "severity": "INFO", "machines": 1}]},
                 "machines": [{"machineId": "m-1", "name": "web01", "readiness": "READY_WITH_CONDITIONS",
                   "findings": [{"ruleId": "nic.adapter-mapped", "severity": "INFO", "message": "e1000 becomes synthetic",
                                 "remediation": "adapter mapped"},
                                {"ruleId": "network.no-ip", "severity": "WARNING", "message": "no IP seen"}],
                   "plan": {"machineId": "m-1", "machineName": "web01", "profileId": "hyperv-2019-gen1",
                            "platform": "HYPERV", "generation": 1, "firmware": "BIOS", "vcpus": 2,
                            "memoryBytes": 2147483648,
                            "disks": [{"diskKey": "4", "label": "Hard disk 1", "capacityBytes": 1073741824,
                                       "targetFormat": "vhdx", "fileName": "web01-disk0.vhdx",
                                       "slot": {"bus": "IDE", "controller": 0, "location": 0}, "boot": true}],
                            "nics": [{"label": "Network adapter 1", "kind": "SYNTHETIC", "sourceAdapter": "E1000"}]}}]}""");
        scheduler.answer("GET", "/api/v1/assessments/a-1/export", exchange -> FakeApi.send(exchange, 200,
                "text/csv", "machine,readiness\nweb01,READY_WITH_CONDITIONS\n"));
        Path csv = folder.resolve("signoff.csv");

        CliRun run = run("assess", "-p", "hyperv-2019-gen1", "-m", "m-1,m-2", "--export", "csv", "-O",
                csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode sent = EventCodec.mapper().readTree(scheduler.last("POST", "/api/v1/assessments").body());
        assertThat(sent.path("profileId").asText()).isEqualTo("hyperv-2019-gen1");
        assertThat(sent.at("/machines/machineIds")).hasSize(2);
        assertThat(run.out()).contains(
                "assessment a-1 against Hyper-V 2019 Gen 1: 1 machine, 0 ready, 1 ready with conditions, 0 not ready",
                "web01    READY_WITH_CONDITIONS         0         1  HYPERV Gen 1, BIOS, 2 vCPUs, 2.0 GiB, 1 disk (vhdx)",
                "  INFO     nic.adapter-mapped: e1000 becomes synthetic",
                "           conversion: adapter mapped",
                "    disk Hard disk 1 (1.0 GiB) -> web01-disk0.vhdx (vhdx) on IDE 0:0, boots",
                "    adapter Network adapter 1 e1000 -> synthetic",
                "nic.adapter-mapped  INFO             1");
        assertThat(Files.readString(csv)).startsWith("machine,readiness");
        assertThat(scheduler.last("GET", "/api/v1/assessments/a-1/export").pathAndQuery()).endsWith("format=csv");
    }

    @Test
    void wavesSubmitMergesTheRequestFileWithOptionsAndPrintsTheDryRunPlan() throws Exception {
        Path request = Files.writeString(folder.resolve("wave.json"), """
                {"name": "from-file", "profileId": "kvm", "machines": ["m-1"],
                 "limits": {"perSourceHost": 2}}""");
        scheduler.answer("POST", "/api/v1/waves", 200, """
                {"name": "finance-1", "dryRun": true, "profileId": "hyperv-2019-gen1",
                 "assessment": {"machines": 2, "byReadiness": {"READY": 1, "READY_WITH_CONDITIONS": 0, "NOT_READY": 1}},
                 "jobs": [{"position": 0, "machineId": "m-1", "machineName": "web01", "readiness": "READY",
                           "target": {"storageRoot": "default", "folder": "finance-1/web01"}}],
                 "refused": [{"machineId": "m-2", "name": "db01", "reasons": ["boots with UEFI", "too big"]}]}""");

        CliRun run = run("waves", "submit", request.toString(), "--name", "finance-1", "--profile",
                "hyperv-2019-gen1", "--jobs-in-flight", "4", "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode sent = EventCodec.mapper().readTree(scheduler.last("POST", "/api/v1/waves").body());
        assertThat(sent.path("name").asText()).isEqualTo("finance-1");
        assertThat(sent.path("profileId").asText()).isEqualTo("hyperv-2019-gen1");
        assertThat(sent.path("machines").get(0).asText()).isEqualTo("m-1");
        assertThat(sent.at("/limits/perSourceHost").asInt()).isEqualTo(2);
        assertThat(sent.at("/limits/jobsInFlight").asInt()).isEqualTo(4);
        assertThat(sent.at("/target/storageRoot").asText()).isEqualTo("default");
        assertThat(sent.at("/target/folder").asText()).isEqualTo("finance-1");
        assertThat(sent.path("dryRun").asBoolean()).isTrue();
        assertThat(run.out()).contains("dry run of wave finance-1 (nothing stored): 1 machine, 1 ready",
                "1  web01    READY      default:finance-1/web01", "db01: boots with UEFI; too big");
    }

    @Test
    void aWaveWithoutMachinesIsAUsageError() {
        CliRun run = run("waves", "submit", "--name", "w", "--profile", "kvm");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("a wave needs machines");
    }

    @Test
    void watchingAWaveThatFailedExitsWithOneAndNamesTheFailedJobs() {
        scheduler.answer("GET", "/api/v1/waves/w-1/events", exchange -> {
            String json = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"dev.ferry.wave.state-changed\","
                    + "\"schemaversion\":1,\"subject\":\"w-1\",\"data\":{\"waveId\":\"w-1\",\"waveName\":\"w\","
                    + "\"from\":\"RUNNING\",\"to\":\"COMPLETED_WITH_FAILURES\",\"at\":\"2026-11-24T10:00:00Z\"}}";
            FakeApi.send(exchange, 200, "text/event-stream", "event: dev.ferry.wave.state-changed\ndata: " + json
                    + "\n\n");
        }).answer("GET", "/api/v1/waves/w-1", 200, "{\"id\": \"w-1\", \"name\": \"w\", \"state\": "
                + "\"COMPLETED_WITH_FAILURES\", \"jobs\": {\"COMPLETED\": 1, \"FAILED\": 1}, \"bytesDone\": 10}")
                .answer("GET", "/api/v1/jobs", 200, "{\"items\": [{\"id\": \"j-2\", \"machineName\": \"db01\", "
                        + "\"state\": \"FAILED\", \"lastError\": \"source unreadable at offset 512\"}], \"total\": 1}");

        CliRun run = run("waves", "watch", "w-1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("wave w RUNNING -> COMPLETED_WITH_FAILURES",
                "wave w COMPLETED_WITH_FAILURES: 1 completed, 1 failed; 10 B converted",
                "db01 failed (job j-2): source unreadable at offset 512");
    }

    @Test
    void discoverWaitsForTheRunAndExitsWithOneWhenItFailed() {
        inventory.answer("POST", "/api/v1/sources/" + SOURCE_ID + "/discoveries", 202,
                "{\"id\": \"r-1\", \"state\": \"PENDING\"}")
                .answer("GET", "/api/v1/discoveries/r-1", 200, "{\"id\": \"r-1\", \"state\": \"FAILED\", "
                        + "\"counts\": {\"found\": 0, \"new\": 0, \"changed\": 0, \"gone\": 0}, "
                        + "\"failure\": \"vCenter refused the login\"}");

        CliRun run = run("discover", SOURCE_ID, "--wait");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("discovery FAILED: found 0, new 0, changed 0, gone 0",
                "failure: vCenter refused the login");
    }

    private CliRun run(String... arguments) {
        return CliRun.of(environment(), arguments);
    }

    private Map<String, String> environment() {
        return Map.of("FERRY_INVENTORY_URL", inventory.url().toString(), "FERRY_SCHEDULER_URL", scheduler.url()
                .toString(), "FERRY_TOKEN", TOKEN);
    }
}
