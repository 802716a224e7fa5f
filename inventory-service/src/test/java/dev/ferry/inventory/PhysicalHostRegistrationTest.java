package dev.ferry.inventory;

import static dev.ferry.inventory.InventoryApi.createSource;
import static dev.ferry.inventory.InventoryApi.machinesOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.ferry.agent.FerryAgent;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** ferry-agent run on this machine (a real Linux host) registers it, checked against nproc, /proc and lsblk. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class PhysicalHostRegistrationTest {

    @Test
    void agentRegistersThisHostWithItsCpusMemoryAndDisks() throws Exception {
        String source = createSource("PHYSICAL", "hosts-" + UUID.randomUUID());
        String token = issueToken(source);

        Agent first = runAgent("--token", token, "--nbd-base", "nbd://192.0.2.10:10809/");
        Agent again = runAgent("--token", token, "--nbd-base", "nbd://192.0.2.10:10809/");

        assertThat(first.exitCode).as(first.output).isZero();
        assertThat(again.exitCode).as(again.output).isZero();
        List<Map<String, Object>> machines = machinesOf(source);
        assertThat(machines).as("registering again updates in place").hasSize(1);
        JsonPath host = JsonPath.from(new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(machines.get(0)).toString());
        assertThat(host.getString("sourceKind")).isEqualTo("PHYSICAL");
        assertThat(host.getInt("cpu.count")).isEqualTo(Integer.parseInt(command("nproc").strip()))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(host.getLong("memoryBytes")).isEqualTo(memTotalBytes());
        assertThat(host.getString("guestOs.family")).isEqualTo("LINUX");
        List<String> expectedDisks = lsblkDisks();
        List<String> storedDisks = new ArrayList<>();
        for (int i = 0; i < host.getList("disks").size(); i++) {
            storedDisks.add(host.getString("disks[" + i + "].label") + " " + host.getLong("disks[" + i
                    + "].capacityBytes"));
            assertThat(host.getString("disks[" + i + "].content.kind")).isEqualTo("NBD");
            assertThat(host.getString("disks[" + i + "].content.location"))
                    .isEqualTo("nbd://192.0.2.10:10809/" + host.getString("disks[" + i + "].label"));
        }
        assertThat(storedDisks).containsExactlyInAnyOrderElementsOf(expectedDisks);
        String rootDisk = command("findmnt", "-n", "-o", "SOURCE", "/").strip();
        if (rootDisk.startsWith("/dev/") && expectedDisks.stream().anyMatch(disk -> rootDisk.substring(5)
                .equals(disk.split(" ")[0]))) {
            assertThat(host.getString("disks.find { it.boot }.label")).isEqualTo(rootDisk.substring(5));
        }
    }

    @Test
    void badTokenIsRefusedAndNothingIsStored() throws Exception {
        String source = createSource("PHYSICAL", "hosts-bad-" + UUID.randomUUID());
        issueToken(source);

        Agent refused = runAgent("--token", "ferry-reg-not-a-real-token");

        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.output).contains("HTTP 401").contains("unknown or expired");
        assertThat(machinesOf(source)).isEmpty();
        given().contentType(ContentType.JSON).header("Authorization", "Bearer nope")
                .body("{\"hostName\": \"x\", \"machineId\": \"abc\", \"cpu\": {\"logical\": 1}}")
                .when().post("/api/v1/agent/registrations")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", startsWith("https://ferry.dev/problems/unauthenticated"));
    }

    @Test
    void onlyAdminsIssueTokensAndOnlyForPhysicalSources() {
        String physical = createSource("PHYSICAL", "hosts-roles-" + UUID.randomUUID());
        given().auth().oauth2(TestInfrastructure.token("operator")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/sources/" + physical + "/registration-tokens").then().statusCode(403);
        String rvtools = createSource("RVTOOLS", "not-hosts-" + UUID.randomUUID());
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/sources/" + rvtools + "/registration-tokens")
                .then().statusCode(422).body("detail", containsString("PHYSICAL"));
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"validFor\": \"P400D\"}")
                .when().post("/api/v1/sources/" + physical + "/registration-tokens")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("validFor"));
    }

    private static String issueToken(String source) {
        return given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"validFor\": \"PT1H\"}")
                .when().post("/api/v1/sources/" + source + "/registration-tokens")
                .then().statusCode(201).body("token", startsWith("ferry-reg-")).extract().path("token");
    }

    private record Agent(int exitCode, String output) {
    }

    /** Runs ferry-agent as its own process, the way an engineer runs it on a host. */
    private static Agent runAgent(String... options) throws Exception {
        Path classes = Path.of(FerryAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classes.toString(), FerryAgent.class.getName(), "--server",
                "http://127.0.0.1:" + RestAssured.port));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Agent(process.exitValue(), output);
    }

    private static long memTotalBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no MemTotal in /proc/meminfo");
    }

    /** "name size" of each whole disk lsblk lists, without loop, ram, zram and optical devices. */
    private static List<String> lsblkDisks() throws Exception {
        List<String> disks = new ArrayList<>();
        for (String line : command("lsblk", "-b", "-d", "-n", "-o", "NAME,SIZE,TYPE").split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 3 && fields[2].equals("disk") && !fields[0].startsWith("zram")
                    && !fields[0].startsWith("ram") && !fields[0].startsWith("nbd")) {
                disks.add(fields[0] + " " + fields[1]);
            }
        }
        return disks;
    }

    private static String command(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }
}
