package dev.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.demo.SampleVm;
import dev.ferry.events.EventCodec;
import dev.ferry.localstack.testing.TestInfrastructure;

/**
 * The packaged command line, each command its own process, against the packaged inventory, scheduler and conversion
 * worker: sources, upload and discovery, machines, assessment, capacity, waves (a dry run and a real one watched to
 * completion), jobs, and the demo.
 */
class CommandLineIT {

    private static final long DISK_BYTES = 64L << 20;

    @TempDir
    static Path folder;

    private static FerrySystem ferry;
    private static FerryCommand cli;
    private static Path adminToken;
    private static Path targets;
    private static SampleVm.SampleFiles sample;
    private static String sourceName;

    @BeforeAll
    static void start() throws Exception {
        Path inventoryStorage = Files.createDirectories(folder.resolve("inventory"));
        targets = Files.createDirectories(folder.resolve("targets"));
        ferry = FerrySystem.start(Map.of("FERRY_INVENTORY_STORAGE_ROOT", inventoryStorage.toString(),
                "FERRY_CONVERSION_STORAGE_ROOTS_DEFAULT", targets.toString(),
                "FERRY_CONVERSION_SOURCE_ROOTS", inventoryStorage.toString()),
                "inventory", "scheduler", "conversion");
        // The local stack's layout: tokens under $FERRY_HOME/tokens, the operator's used unless told otherwise.
        Path home = Files.createDirectories(folder.resolve("home/tokens"));
        Files.writeString(home.resolve("operator.jwt"), TestInfrastructure.token("operator"));
        adminToken = Files.writeString(folder.resolve("admin.jwt"), TestInfrastructure.token("admin"));
        cli = new FerryCommand(Map.of("FERRY_INVENTORY_URL", ferry.uri(0, "/").toString(), "FERRY_SCHEDULER_URL",
                ferry.uri(1, "/").toString(), "FERRY_HOME", home.getParent().toString()), folder);

        sample = SampleVm.make(folder.resolve("sample"), DISK_BYTES);
        sourceName = "cli-" + UUID.randomUUID();
        assertOk(cli.run("--token-file", adminToken.toString(), "sources", "create", "--kind", "OVF", "--name",
                sourceName));
        FerryCommand.Result upload = cli.run("upload", sourceName, sample.ova().toString(), "--wait");
        assertOk(upload);
        assertThat(upload.out()).contains("discovery SUCCEEDED: found 1, new 1");
    }

    @AfterAll
    static void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    @Test
    void sourcesAreCreatedListedAndShown() throws Exception {
        String name = "rvtools-" + UUID.randomUUID();
        assertOk(cli.run("--token-file", adminToken.toString(), "sources", "create", "--kind", "rvtools", "--name",
                name));

        FerryCommand.Result list = cli.run("sources", "list", "--size", "1000");
        FerryCommand.Result shown = cli.run("-o", "json", "sources", "get", name);

        assertOk(list);
        assertThat(list.out()).containsPattern("[0-9a-f-]{36}  " + name + " +RVTOOLS");
        assertThat(json(shown).path("kind").asText()).isEqualTo("RVTOOLS");
    }

    @Test
    void anOperatorMayNotAddASourceAndIsToldWhy() throws Exception {
        FerryCommand.Result refused = cli.run("sources", "create", "--kind", "OVF", "--name", "not-mine");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("error: Not allowed", "lacks the role", "--token-file " + folder.resolve(
                "home/tokens/admin.jwt"));
        assertThat(refused.err() + refused.out()).doesNotContain(TestInfrastructure.token("operator"));
    }

    @Test
    void machinesListShowsTheUploadedMachineWithItsHardware() throws Exception {
        FerryCommand.Result list = cli.run("machines", "list", "--source", sourceName);
        String id = json(cli.run("-o", "json", "machines", "list", "--source", sourceName)).at("/items/0/id")
                .asText();
        FerryCommand.Result machine = cli.run("machines", "get", id);

        assertOk(list);
        assertThat(list.out()).containsPattern(SampleVm.NAME + " +POWERED_OFF +Microsoft Windows Server 2016 "
                + "\\(64-bit\\) +2 +2\\.0 GiB +1 / 64\\.0 MiB +BIOS +OVF");
        assertThat(machine.out()).contains("Hard disk 1", "IDE", "0:0", "OVA_MEMBER", "Network adapter 1", "E1000");
    }

    @Test
    void assessShowsReadinessFindingsAndThePlanAndExports() throws Exception {
        Path export = folder.resolve("assessment.xlsx");
        FerryCommand.Result generation2 = cli.run("assess", "--profile", "hyperv-2019-gen2", "--source",
                sourceName);
        FerryCommand.Result generation1 = cli.run("assess", "--profile", "hyperv-2019-gen1", "--source",
                sourceName, "--export", "xlsx", "-O", export.toString());

        assertOk(generation2);
        assertThat(generation2.out()).contains("1 machine, 0 ready, 0 ready with conditions, 1 not ready",
                "demo-vm: NOT_READY", "BLOCKER", "UEFI");
        assertOk(generation1);
        assertThat(generation1.out()).contains("demo-vm: READY_WITH_CONDITIONS",
                "e1000 -> synthetic", "-> demo-vm-disk0.vhdx (vhdx", "on IDE 0:0, boots");
        assertThat(Files.readAllBytes(export)).startsWith('P', 'K');
    }

    @Test
    void capacityPlansTheAssessedMachinesOnHosts() throws Exception {
        FerryCommand.Result plan = cli.run("capacity", "--profile", "hyperv-2019-gen1", "--source", sourceName,
                "--lp", "16", "--memory", "64");

        assertOk(plan);
        assertThat(plan.out()).contains("hosts needed: 1", "host-1");
    }

    @Test
    void aDryRunShowsThePlanAndStoresNoWave() throws Exception {
        String name = "dry-" + UUID.randomUUID();
        FerryCommand.Result dryRun = cli.run("waves", "submit", "--name", name, "--profile", "hyperv-2019-gen1",
                "--source", sourceName, "--dry-run");

        assertOk(dryRun);
        assertThat(dryRun.out()).contains("dry run of wave " + name + " (nothing stored): 1 machine",
                "default:" + name + "/demo-vm");
        assertThat(cli.run("waves", "list", "--size", "1000").out()).doesNotContain(name);
    }

    @Test
    void aBlockedWaveIsRefusedWithTheReasons() throws Exception {
        FerryCommand.Result refused = cli.run("waves", "submit", "--name", "gen2-" + UUID.randomUUID(),
                "--profile", "hyperv-2019-gen2", "--source", sourceName);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: ").contains("demo-vm");
    }

    @Test
    void aRealWaveIsWatchedToCompletionAndItsDiskEqualsTheSource() throws Exception {
        String name = "cli-wave-" + UUID.randomUUID();
        FerryCommand.Result wave = cli.run("waves", "submit", "--name", name, "--profile", "hyperv-2019-gen1",
                "--source", sourceName, "--watch", "--progress", "plain");

        assertOk(wave);
        // How much of the job's way the watch sees depends on how soon its stream opens; its end it always sees.
        assertThat(wave.out()).contains("wave " + name + " (", "submitted: RUNNING", "wave " + name
                + " COMPLETED: 1 completed; 64.0 MiB converted").containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d  ");
        String waveId = json(cli.run("-o", "json", "waves", "list", "--size", "1000")).findParents("name").stream()
                .filter(item -> name.equals(item.path("name").asText())).findFirst().orElseThrow().path("id")
                .asText();
        FerryCommand.Result jobs = cli.run("jobs", "list", "--wave", waveId);
        assertThat(jobs.out()).containsPattern("demo-vm +COMPLETED +1 +100%");
        Path disk = targets.resolve(name).resolve("demo-vm").resolve("demo-vm-disk0.vhdx");
        Process compare = new ProcessBuilder("qemu-img", "compare", "-f", "raw", "-F", "vhdx", sample.rawDisk()
                .toString(), disk.toString()).redirectErrorStream(true).start();
        String said = new String(compare.getInputStream().readAllBytes());
        assertThat(compare.waitFor()).as(said).isZero();
    }

    @Test
    void theDemoMigratesItsSampleVmEndToEnd() throws Exception {
        FerryCommand.Result demo = cli.run("--token-file", adminToken.toString(), "demo", "--work-dir", folder
                .resolve("demo").toString(), "--targets", targets.toString(), "--disk-mib", "64", "--progress",
                "plain");

        assertOk(demo);
        assertThat(demo.out()).contains("[1/6] Making a sample VM", "Not ready for Generation 2",
                "demo-vm: READY_WITH_CONDITIONS", "COMPLETED: 1 completed", "Images are identical.", "Done: demo-vm");
    }

    @Test
    void aServiceThatIsNotThereExitsWithThree() throws Exception {
        FerryCommand.Result unreachable = cli.run("--inventory-url", "http://127.0.0.1:9", "machines", "list");

        assertThat(unreachable.exitCode()).isEqualTo(3);
        assertThat(unreachable.err()).contains("cannot reach the inventory service at http://127.0.0.1:9",
                "bin/ferry-local up");
    }

    private static void assertOk(FerryCommand.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static JsonNode json(FerryCommand.Result result) throws IOException {
        assertOk(result);
        return EventCodec.mapper().readTree(result.out());
    }
}
