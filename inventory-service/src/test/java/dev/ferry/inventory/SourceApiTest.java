package dev.ferry.inventory;

import static dev.ferry.inventory.InventoryApi.createSource;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.ferry.inventory.model.DiscoveryRun;
import dev.ferry.inventory.model.DiscoveryState;
import dev.ferry.inventory.model.Source;
import dev.ferry.inventory.service.discovery.DiscoveryHeartbeat;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The sources API: who may do what, write-only credentials, and refusals that name the field. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class SourceApiTest {

    private static final String PASSWORD = "Tr0ub4dor&3-never-shown";

    @Inject
    DiscoveryHeartbeat heartbeat;

    @Test
    void passwordIsWriteOnlyAndStoredEncrypted() {
        String id = createSource(vsphere("vc-" + UUID.randomUUID(), PASSWORD));

        String shown = given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/sources/" + id)
                .then().statusCode(200).body("passwordStored", equalTo(true))
                .body("certificateThumbprint", equalTo("ab".repeat(32)))
                .body("url", equalTo("https://vcenter.example/sdk")).extract().asString();
        assertThat(shown).doesNotContain(PASSWORD).doesNotContain("\"password\"");
        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/sources")
                .then().statusCode(200).body(not(containsString(PASSWORD)));
        byte[] stored = QuarkusTransaction.requiringNew()
                .call(() -> Source.<Source> findById(UUID.fromString(id)).passwordCiphertext);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(PASSWORD);
    }

    @Test
    void onlyWorkerTokensReadCredentials() {
        String id = createSource(vsphere("vc-creds-" + UUID.randomUUID(), PASSWORD));

        given().auth().oauth2(TestInfrastructure.token("admin")).when().get("/api/v1/sources/" + id + "/credentials")
                .then().statusCode(403);
        given().auth().oauth2(TestInfrastructure.token("source-credentials"))
                .when().get("/api/v1/sources/" + id + "/credentials")
                .then().statusCode(200).body("username", equalTo("svc-ferry@vsphere.local"))
                .body("password", equalTo(PASSWORD)).body("certificateSha256", equalTo("ab".repeat(32)));
        String physical = createSource("PHYSICAL", "no-creds-" + UUID.randomUUID());
        given().auth().oauth2(TestInfrastructure.token("source-credentials"))
                .when().get("/api/v1/sources/" + physical + "/credentials").then().statusCode(404);
    }

    @Test
    void updateWithoutPasswordKeepsTheStoredOne() {
        String name = "vc-keep-" + UUID.randomUUID();
        String id = createSource(vsphere(name, PASSWORD));
        byte[] before = QuarkusTransaction.requiringNew()
                .call(() -> Source.<Source> findById(UUID.fromString(id)).passwordCiphertext);

        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"kind\": \"VSPHERE\", \"url\": \"https://vc2.example\", "
                        + "\"username\": \"svc\"}")
                .when().put("/api/v1/sources/" + id)
                .then().statusCode(200).body("url", equalTo("https://vc2.example/sdk"))
                .body("passwordStored", equalTo(true));
        byte[] after = QuarkusTransaction.requiringNew()
                .call(() -> Source.<Source> findById(UUID.fromString(id)).passwordCiphertext);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void invalidDefinitionsNameTheirFields() {
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"kind\": \"VSPHERE\", \"url\": \"http://vc.example/sdk\", "
                        + "\"password\": \"p\", \"passwordSecret\": \"vc/password\", "
                        + "\"certificateThumbprint\": \"12:34\", \"path\": \"a.xlsx\"}")
                .when().post("/api/v1/sources")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("url", "username", "password", "certificateThumbprint", "path"));
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"kind\": \"RVTOOLS\", \"path\": \"../../etc/passwd\"}")
                .when().post("/api/v1/sources")
                .then().statusCode(400).body("errors.field", hasItem("path"))
                .body("errors[0].message", containsString("must name a file under"));
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"kind\": \"VSPHERE\", \"url\": \"https://vc\", \"username\": \"u\", "
                        + "\"passwordSecret\": \"../../../etc/shadow\"}")
                .when().post("/api/v1/sources")
                .then().statusCode(400).body("errors.field", hasItem("passwordSecret"));
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"kind\": \"MANUAL\"}")
                .when().post("/api/v1/sources")
                .then().statusCode(400).body("errors.field", hasItem("kind"));
    }

    @Test
    void onlyAdminsConfigureSources() {
        for (String role : new String[] { "viewer", "operator" }) {
            given().auth().oauth2(TestInfrastructure.token(role)).contentType(ContentType.JSON)
                    .body(vsphere("vc-" + UUID.randomUUID(), PASSWORD))
                    .when().post("/api/v1/sources").then().statusCode(403);
        }
        String id = createSource("PHYSICAL", "hosts-" + UUID.randomUUID());
        given().auth().oauth2(TestInfrastructure.token("operator")).when().delete("/api/v1/sources/" + id)
                .then().statusCode(403);
        given().auth().oauth2(TestInfrastructure.token("admin")).when().delete("/api/v1/sources/" + id)
                .then().statusCode(204);
        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/sources/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void namesAreUniqueAndKindsDoNotChange() {
        String name = "unique-" + UUID.randomUUID();
        String id = createSource("PHYSICAL", name);
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"kind\": \"PHYSICAL\"}")
                .when().post("/api/v1/sources").then().statusCode(409);
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"kind\": \"OVF\"}")
                .when().put("/api/v1/sources/" + id).then().statusCode(400).body("errors[0].field", equalTo("kind"));
    }

    @Test
    void discoveryIsRefusedWhereThereIsNothingToDiscover() {
        String physical = createSource("PHYSICAL", "hosts-" + UUID.randomUUID());
        given().auth().oauth2(TestInfrastructure.token("operator"))
                .when().post("/api/v1/sources/" + physical + "/discoveries")
                .then().statusCode(422).body("detail", containsString("ferry-agent"));
        String empty = createSource("RVTOOLS", "empty-" + UUID.randomUUID());
        given().auth().oauth2(TestInfrastructure.token("operator"))
                .when().post("/api/v1/sources/" + empty + "/discoveries")
                .then().statusCode(422).body("detail", containsString("upload"));
        given().auth().oauth2(TestInfrastructure.token("viewer"))
                .when().post("/api/v1/sources/" + empty + "/discoveries").then().statusCode(403);
    }

    @Test
    void runLeftBehindByAStoppedReplicaIsMarkedFailed() {
        String source = createSource("PHYSICAL", "interrupted-" + UUID.randomUUID());
        UUID runId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            DiscoveryRun run = new DiscoveryRun();
            run.id = runId;
            run.sourceId = UUID.fromString(source);
            run.state = DiscoveryState.RUNNING;
            run.owner = "inventory-0/gone";
            run.createdAt = Instant.now().minusSeconds(600);
            run.startedAt = run.createdAt;
            run.heartbeatAt = run.createdAt;
            run.persist();
        });

        heartbeat.failStale();

        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/discoveries/" + runId)
                .then().statusCode(200).body("state", equalTo("FAILED"))
                .body("failure", containsString("interrupted"));
    }

    private static String vsphere(String name, String password) {
        return "{\"name\": \"" + name + "\", \"kind\": \"VSPHERE\", \"url\": \"https://vcenter.example\", "
                + "\"username\": \"svc-ferry@vsphere.local\", \"password\": \"" + password + "\", "
                + "\"certificateThumbprint\": \"" + "AB:".repeat(31) + "AB\"}";
    }
}
