package dev.ferry.scheduler.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@WithTestResource(FerryTestResources.class)
class ProfileApiTest {

    @Test
    void builtInProfilesAreListedWithTheirFiguresAndSources() {
        as("viewer").get("/api/v1/profiles").then().statusCode(200)
                .body("id", hasItems("hyperv-2008r2", "hyperv-2019-gen2", "hyperv-2025-gen1", "kvm", "kubevirt"))
                .body("findAll { it.origin == 'BUILT_IN' }", hasSize(13));
        as("viewer").get("/api/v1/profiles/hyperv-2008r2").then().statusCode(200)
                .body("generation", equalTo(1))
                .body("vm.virtualProcessors.value", equalTo(4))
                .body("vm.virtualProcessors.source", containsString("2008 R2"))
                .body("host.runningVms.value", equalTo(384))
                .body("host.logicalProcessors.unverified", equalTo(true))
                .body("storage.formats.format", equalTo(java.util.List.of("vhd")));
        as("viewer").get("/api/v1/profiles/no-such-profile").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void adminAddsReplacesAndDeletesAProfileWrittenInYaml() throws IOException {
        String yaml = builtIn("hyperv-2019-gen1").replace("id: hyperv-2019-gen1", "id: lab-hyperv-2019")
                .replace("value: 64, source", "value: 16, source");
        as("operator").contentType("application/yaml").body(utf8(yaml)).post("/api/v1/profiles").then().statusCode(403);
        as("admin").contentType("application/yaml").body(utf8(yaml)).post("/api/v1/profiles").then().statusCode(201)
                .header("Location", "/api/v1/profiles/lab-hyperv-2019")
                .body("vm.virtualProcessors.value", equalTo(16));
        as("viewer").get("/api/v1/profiles").then().statusCode(200)
                .body("find { it.id == 'lab-hyperv-2019' }.origin", equalTo("USER"));
        as("admin").contentType("application/yaml").body(utf8(yaml)).post("/api/v1/profiles").then().statusCode(409);

        String json = as("viewer").get("/api/v1/profiles/lab-hyperv-2019").then().extract().asString()
                .replace("\"value\":16", "\"value\":12");
        as("admin").contentType("application/json").body(json).put("/api/v1/profiles/lab-hyperv-2019").then()
                .statusCode(200).body("vm.virtualProcessors.value", equalTo(12));

        as("admin").delete("/api/v1/profiles/lab-hyperv-2019").then().statusCode(204);
        as("viewer").get("/api/v1/profiles/lab-hyperv-2019").then().statusCode(404);
    }

    @Test
    void badProfileIsRefusedWithItsFieldErrorsAndNothingIsStored() throws IOException {
        String yaml = builtIn("hyperv-2016-gen2").replace("id: hyperv-2016-gen2", "id: broken-profile")
                .replace("bootBus: SCSI", "bootBus: IDE")
                .replace("virtualProcessors: { value: 240, source: \"", "virtualProcessors: { value: -1, source: \"");
        as("admin").contentType("application/yaml").body(utf8(yaml)).post("/api/v1/profiles").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("vm.virtualProcessors.value"));
        as("viewer").get("/api/v1/profiles/broken-profile").then().statusCode(404);

        String crossField = builtIn("hyperv-2016-gen2").replace("id: hyperv-2016-gen2", "id: broken-profile")
                .replace("bootBus: SCSI", "bootBus: IDE");
        as("admin").contentType("application/yaml").body(utf8(crossField)).post("/api/v1/profiles").then().statusCode(400)
                .body("errors.field", hasItem("storage.bootBus"));

        as("admin").contentType("application/yaml").body(utf8("id: x\nvm: [1, 2]\n")).post("/api/v1/profiles").then()
                .statusCode(400).body("errors.size()", greaterThanOrEqualTo(1));
        as("admin").contentType("application/json").body("{\"id\": \"lab\", \"vm\": {\"cpus\": 4}}")
                .post("/api/v1/profiles").then().statusCode(400).body("errors[0].field", equalTo("vm.cpus"));
    }

    @Test
    void builtInProfilesCannotBeChangedThroughTheApi() throws IOException {
        as("admin").contentType("application/yaml").body(utf8(builtIn("kvm"))).put("/api/v1/profiles/kvm").then()
                .statusCode(409);
        as("admin").delete("/api/v1/profiles/kvm").then().statusCode(409);
    }

    @Test
    void ruleCatalogueIsListed() {
        as("viewer").get("/api/v1/rules").then().statusCode(200)
                .body("id", hasItems("cpu.over-cap", "memory.over-cap", "nic.over-limit", "boot.disk-bus",
                        "disk.ide-over-limit", "disk.too-large", "firmware.unsupported", "name.invalid"))
                .body("find { it.id == 'memory.over-cap' }.severity", equalTo("BLOCKER"));
    }

    static RequestSpecification as(String role) {
        return given().auth().oauth2(TestInfrastructure.token(role));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String builtIn(String id) throws IOException {
        try (InputStream in = ProfileApiTest.class.getClassLoader().getResourceAsStream("profiles/" + id + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
