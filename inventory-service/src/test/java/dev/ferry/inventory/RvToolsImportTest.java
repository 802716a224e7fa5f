package dev.ferry.inventory;

import static dev.ferry.inventory.InventoryApi.awaitRun;
import static dev.ferry.inventory.InventoryApi.createSource;
import static dev.ferry.inventory.InventoryApi.machinesOf;
import static dev.ferry.inventory.InventoryApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** RVTools exports uploaded through the API: workbooks and CSV files, newer and older column names, bad files. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class RvToolsImportTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path folder;

    @Test
    void workbookWithMibColumnsGivesEveryVmItsHardware() throws Exception {
        String source = createSource("RVTOOLS", "rvtools-" + UUID.randomUUID());
        Path workbook = new RvToolsWorkbook(12, true).writeXlsx(folder.resolve("export.xlsx"));

        JsonPath run = awaitRun(upload(source, workbook));

        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("counts.found")).isEqualTo(12);
        assertMachinesMatch(source, 12);
        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/sources/" + source + "/hosts")
                .then().statusCode(200).body("size()", equalTo(12)).body("[0].cpuCores", equalTo(40))
                .body("[0].memoryBytes", equalTo(512L * 1024 * MIB));
    }

    @Test
    void machinesAreFilteredSortedAndPaged() throws Exception {
        String source = createSource("RVTOOLS", "rvtools-list-" + UUID.randomUUID());
        awaitRun(upload(source, new RvToolsWorkbook(8, true).writeXlsx(folder.resolve("list.xlsx"))));

        List<Long> memory = given().auth().oauth2(TestInfrastructure.token("viewer"))
                .queryParam("source", source).queryParam("sort", "-memoryBytes").queryParam("osFamily", "WINDOWS")
                .queryParam("size", 3).queryParam("page", 0)
                .when().get("/api/v1/machines")
                .then().statusCode(200).body("total", equalTo(4)).extract().jsonPath()
                .getList("items.memoryBytes", Long.class);
        assertThat(memory).hasSize(3).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        given().auth().oauth2(TestInfrastructure.token("viewer"))
                .queryParam("source", source).queryParam("firmware", "EFI").queryParam("powerState", "POWERED_OFF")
                .when().get("/api/v1/machines")
                .then().statusCode(200).body("items.name", org.hamcrest.Matchers.contains("vm-00000"));
        given().auth().oauth2(TestInfrastructure.token("viewer")).queryParam("sort", "colour")
                .when().get("/api/v1/machines")
                .then().statusCode(400).body("errors[0].field", equalTo("sort"));
    }

    @Test
    void olderCsvExportWithMbColumnsReadsTheSame() throws Exception {
        String source = createSource("RVTOOLS", "rvtools-csv-" + UUID.randomUUID());
        Path zip = new RvToolsWorkbook(7, false).writeCsvZip(folder.resolve("export.zip"), ';');

        JsonPath run = awaitRun(upload(source, zip));

        assertThat(run.getString("state")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertMachinesMatch(source, 7);
    }

    @Test
    void reimportUpdatesInPlace() throws Exception {
        String source = createSource("RVTOOLS", "rvtools-again-" + UUID.randomUUID());
        awaitRun(upload(source, new RvToolsWorkbook(5, true).writeXlsx(folder.resolve("first.xlsx"))));

        JsonPath run = awaitRun(upload(source, new RvToolsWorkbook(4, true).writeXlsx(folder.resolve("second.xlsx"))));

        assertThat(run.getInt("counts.new")).isZero();
        assertThat(run.getInt("counts.changed")).isZero();
        assertThat(run.getInt("counts.gone")).isEqualTo(1);
        assertThat(machinesOf(source)).hasSize(4);
    }

    @Test
    void damagedWorkbookFailsTheRunWithTheReason() throws Exception {
        String source = createSource("RVTOOLS", "rvtools-bad-" + UUID.randomUUID());
        Path good = new RvToolsWorkbook(3, true).writeXlsx(folder.resolve("good.xlsx"));
        awaitRun(upload(source, good));
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(folder.resolve("truncated.xlsx"), java.util.Arrays.copyOf(bytes,
                bytes.length / 2));

        JsonPath run = awaitRun(upload(source, truncated));

        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("failure")).contains("truncated.xlsx");
        assertThat(machinesOf(source)).as("what was stored before stays").hasSize(3);
    }

    @Test
    void csvWithAnUnclosedQuoteFailsWithTheLine() throws Exception {
        String source = createSource("RVTOOLS", "rvtools-quote-" + UUID.randomUUID());
        Path csv = Files.writeString(folder.resolve("RVTools_tabvInfo.csv"),
                "VM,CPUs,Memory\nweb01,2,4096\n\"db01,4,8192\n");

        JsonPath run = awaitRun(upload(source, csv));

        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("failure")).contains("line 3").contains("quoted field is not closed");
    }

    @Test
    void zipWithoutRvToolsSheetsIsRefused() throws Exception {
        String source = createSource("RVTOOLS", "rvtools-none-" + UUID.randomUUID());
        Path zip = folder.resolve("photos.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("holiday.jpg"));
            out.write(new byte[] { 1, 2, 3 });
            out.closeEntry();
        }

        JsonPath run = awaitRun(upload(source, zip));

        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("failure")).contains("no vInfo sheet");
    }

    @Test
    void uploadsAreLimitedInSizeAndKind() throws Exception {
        String rvtools = createSource("RVTOOLS", "rvtools-big-" + UUID.randomUUID());
        Path big = folder.resolve("big.csv");
        try (var out = Files.newOutputStream(big)) {
            out.write(new byte[41 * 1024 * 1024]);
        }
        given().auth().oauth2(TestInfrastructure.token("operator")).contentType("application/octet-stream")
                .body(big.toFile()).when().post("/api/v1/sources/" + rvtools + "/uploads")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("ferry.inventory.uploads.max-size"));
        given().auth().oauth2(TestInfrastructure.token("viewer")).contentType("application/octet-stream")
                .body(new byte[] { 1 }).when().post("/api/v1/sources/" + rvtools + "/uploads")
                .then().statusCode(403);
        String physical = createSource("PHYSICAL", "hosts-" + UUID.randomUUID());
        given().auth().oauth2(TestInfrastructure.token("operator")).contentType("application/octet-stream")
                .body(new byte[] { 1 }).when().post("/api/v1/sources/" + physical + "/uploads")
                .then().statusCode(422).body("detail", containsString("RVTOOLS and OVF"));
    }

    /** Checks the stored machines against what {@link RvToolsWorkbook} wrote. */
    static void assertMachinesMatch(String source, int count) {
        List<Map<String, Object>> machines = machinesOf(source);
        assertThat(machines).hasSize(count);
        for (Map<String, Object> stored : machines) {
            JsonPath machine = JsonPath.from(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(stored)
                    .toString());
            int i = Integer.parseInt(machine.getString("name").substring(3));
            assertThat(machine.getInt("cpu.count")).isEqualTo(RvToolsWorkbook.cpus(i));
            assertThat(machine.getLong("memoryBytes")).isEqualTo(RvToolsWorkbook.memoryMib(i) * MIB);
            assertThat(machine.getList("disks.controller")).containsExactly("SCSI", "SCSI");
            assertThat(machine.getList("disks.unit", Integer.class)).containsExactly(0, 1);
            assertThat(machine.getList("disks.capacityBytes", Long.class)).containsExactly(40L * 1024 * MIB,
                    RvToolsWorkbook.secondDiskGib(i) * 1024 * MIB);
            assertThat(machine.getString("disks[1].mode")).isEqualTo("INDEPENDENT_PERSISTENT");
            assertThat(machine.getBoolean("disks[0].boot")).isTrue();
            assertThat(machine.getList("nics.adapterType"))
                    .containsExactly(RvToolsWorkbook.adapter(i).toUpperCase());
            assertThat(machine.getString("firmware.type")).isEqualTo(i % 5 == 0 ? "EFI" : "BIOS");
            assertThat(machine.getString("guestOs.family")).isEqualTo(i % 2 == 0 ? "WINDOWS" : "LINUX");
            assertThat(machine.getString("externalIds.managedObjectId")).isEqualTo("vm-" + (1000 + i));
        }
    }
}
