package dev.ferry.inventory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ferry.inventory.InventoryApi;
import dev.ferry.inventory.testing.VsphereSimulator;
import dev.ferry.localstack.testing.FerryTestResources;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Measures discovery of a simulated vCenter with 2,000 VMs (1,000 in a cluster, 1,000 on a standalone host), paged
 * at the configured page size. Prints the time; asserts only that every VM was stored.
 */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class VsphereDiscoveryScaleTest {

    @Test
    void discoversTwoThousandVms() throws Exception {
        try (VsphereSimulator vcsim = VsphereSimulator.start("-vm", "1000")) {
            String source = InventoryApi.createVsphereSource("vpx-2000-" + UUID.randomUUID(), vcsim);

            long started = System.nanoTime();
            JsonPath run = InventoryApi.awaitRun(InventoryApi.startDiscovery(source), Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - started) / 1e9;

            System.out.printf("BENCH vSphere discovery of %d VMs: %.1f s (target: under 60 s)%n",
                    run.getInt("counts.found"), seconds);
            assertThat(run.getString("state")).as(run.prettify()).isEqualTo("SUCCEEDED");
            assertThat(run.getInt("counts.found")).isEqualTo(2000);
            assertThat(run.getInt("counts.new")).isEqualTo(2000);
        }
    }
}
