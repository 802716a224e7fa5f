package dev.ferry.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.inventory.InventoryApi;
import dev.ferry.inventory.RvToolsWorkbooks;
import dev.ferry.localstack.testing.FerryTestResources;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Measures the import of an RVTools workbook of 10,000 VMs (written here with POI's streaming writer): upload,
 * streaming parse and storing every machine with its event. Prints the time; asserts only that every VM was stored.
 */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class RvToolsImportScaleTest {

    @TempDir
    Path folder;

    @Test
    void importsTenThousandVms() throws Exception {
        long writing = System.nanoTime();
        Path workbook = RvToolsWorkbooks.write(10_000, folder.resolve("rvtools-10000.xlsx"));
        System.out.printf("BENCH wrote a 10,000-VM RVTools workbook (%d KiB) in %.1f s%n",
                Files.size(workbook) / 1024, (System.nanoTime() - writing) / 1e9);
        String source = InventoryApi.createSource("RVTOOLS", "rvtools-10000-" + UUID.randomUUID());

        long started = System.nanoTime();
        JsonPath run = InventoryApi.awaitRun(InventoryApi.upload(source, workbook), Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf("BENCH RVTools import of %d VMs: %.1f s (target: under 30 s)%n", run.getInt(
                "counts.found"), seconds);
        assertThat(run.getString("state")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("counts.found")).isEqualTo(10_000);
    }
}
