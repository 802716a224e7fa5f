package dev.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.events.EventCodec;
import dev.ferry.inventory.testing.VsphereSimulator;

/**
 * The packaged inventory discovers govmomi's vCenter simulator, and the packaged scheduler receives every machine
 * record over Kafka, exactly as the inventory stored it.
 */
class InventoryDiscoveryFlowIT {

    private static final int INVENTORY = 0;
    private static final int SCHEDULER = 1;

    private static VsphereSimulator vcsim;
    private static FerrySystem ferry;

    @BeforeAll
    static void start() throws Exception {
        vcsim = VsphereSimulator.start("-variety");
        ferry = FerrySystem.start("inventory", "scheduler");
    }

    @AfterAll
    static void stop() {
        if (ferry != null) {
            ferry.close();
        }
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void everyDiscoveredMachineReachesTheScheduler() throws Exception {
        HttpResponse<String> source = ferry.post(ferry.uri(INVENTORY, "/api/v1/sources"), "admin",
                "{\"name\": \"vcsim-" + UUID.randomUUID() + "\", \"kind\": \"VSPHERE\", \"url\": \"" + vcsim.url()
                        + "\", \"username\": \"" + VsphereSimulator.USERNAME + "\", \"password\": \""
                        + VsphereSimulator.PASSWORD.replace("\"", "\\\"") + "\", \"certificateThumbprint\": \""
                        + vcsim.thumbprint() + "\"}");
        assertThat(source.statusCode()).as(source.body()).isEqualTo(201);
        String sourceId = json(source).get("id").asText();

        HttpResponse<String> started = ferry.post(ferry.uri(INVENTORY, "/api/v1/sources/" + sourceId
                + "/discoveries"), "operator", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = json(started).get("id").asText();
        JsonNode run = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> json(ferry.get(ferry.uri(INVENTORY, "/api/v1/discoveries/" + runId), "viewer")),
                        found -> !found.get("state").asText().matches("PENDING|RUNNING"));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");

        JsonNode page = json(ferry.get(ferry.uri(INVENTORY, "/api/v1/machines?size=100&source=" + sourceId),
                "viewer"));
        List<JsonNode> machines = new ArrayList<>();
        page.get("items").forEach(machines::add);
        assertThat(machines).hasSize(run.at("/counts/found").asInt()).hasSize(4);
        for (JsonNode machine : machines) {
            String id = machine.get("id").asText();
            JsonNode planned = Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> ferry.get(ferry.uri(SCHEDULER, "/api/v1/machines/" + id), "viewer"),
                            response -> response.statusCode() == 200)
                    .body().transform(InventoryDiscoveryFlowIT::parse);
            assertThat(planned).as("the scheduler's record of %s", machine.get("name")).isEqualTo(machine);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return parse(response.body());
    }

    private static JsonNode parse(String body) {
        try {
            return EventCodec.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
