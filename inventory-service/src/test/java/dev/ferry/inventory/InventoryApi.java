package dev.ferry.inventory;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import dev.ferry.inventory.testing.VsphereSimulator;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The inventory's REST API as the tests drive it: sources, discovery runs and machines. */
public final class InventoryApi {

    private InventoryApi() {
    }

    /** Creates a source from {@code json} as admin and returns its id. */
    public static String createSource(String json) {
        return given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON).body(json)
                .when().post("/api/v1/sources")
                .then().statusCode(201).extract().path("id");
    }

    /** A vSphere source for the simulator, trusting its certificate by thumbprint. */
    public static String createVsphereSource(String name, VsphereSimulator vcsim) {
        return createSource(vsphereJson(name, vcsim.url().toString(), VsphereSimulator.PASSWORD,
                vcsim.thumbprint()));
    }

    static String vsphereJson(String name, String url, String password, String thumbprint) {
        return "{\"name\": \"" + name + "\", \"kind\": \"VSPHERE\", \"url\": \"" + url + "\", \"username\": \""
                + VsphereSimulator.USERNAME + "\", \"password\": \"" + password.replace("\"", "\\\"")
                + "\", \"certificateThumbprint\": \"" + thumbprint + "\"}";
    }

    static void updateSource(String id, String json) {
        given().auth().oauth2(TestInfrastructure.token("admin")).contentType(ContentType.JSON).body(json)
                .when().put("/api/v1/sources/" + id)
                .then().statusCode(200);
    }

    /** Starts a discovery of the source as operator and returns the run id. */
    public static String startDiscovery(String sourceId) {
        return given().auth().oauth2(TestInfrastructure.token("operator"))
                .when().post("/api/v1/sources/" + sourceId + "/discoveries")
                .then().statusCode(202).extract().path("id");
    }

    /** Uploads a file to a source as operator and returns the discovery run it started. */
    public static String upload(String sourceId, java.nio.file.Path file) {
        return given().auth().oauth2(TestInfrastructure.token("operator")).contentType("application/octet-stream")
                .queryParam("filename", file.getFileName().toString()).body(file.toFile())
                .when().post("/api/v1/sources/" + sourceId + "/uploads")
                .then().statusCode(202).extract().path("id");
    }

    /** Creates a source of {@code kind} (RVTOOLS, OVF, PHYSICAL) with no file yet. */
    public static String createSource(String kind, String name) {
        return createSource("{\"name\": \"" + name + "\", \"kind\": \"" + kind + "\"}");
    }

    /** Waits until the run is over and returns it. */
    static JsonPath awaitRun(String runId) {
        return awaitRun(runId, Duration.ofSeconds(60));
    }

    public static JsonPath awaitRun(String runId, Duration deadline) {
        return Awaitility.await().atMost(deadline).pollInterval(Duration.ofMillis(200))
                .until(() -> run(runId), run -> List.of("SUCCEEDED", "FAILED").contains(run.getString("state")));
    }

    static JsonPath run(String runId) {
        return given().auth().oauth2(TestInfrastructure.token("viewer"))
                .when().get("/api/v1/discoveries/" + runId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Discovers the source and fails unless the run succeeds. */
    static JsonPath discover(String sourceId) {
        JsonPath run = awaitRun(startDiscovery(sourceId));
        if (!"SUCCEEDED".equals(run.getString("state"))) {
            throw new AssertionError("discovery failed: " + run.prettify());
        }
        return run;
    }

    /** The source's present machines (up to 1,000), as JSON maps. */
    static List<Map<String, Object>> machinesOf(String sourceId) {
        return given().auth().oauth2(TestInfrastructure.token("viewer"))
                .queryParam("source", sourceId).queryParam("size", 1000)
                .when().get("/api/v1/machines")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }
}
