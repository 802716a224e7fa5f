package dev.ferry.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(FerryTestResources.class)
class ApiConventionsTest {

    private static final String MACHINE = """
            {"name": "web01", "cpus": 2, "memoryBytes": 4294967296,
             "disks": [{"label": "Hard disk 1", "capacityBytes": 10737418240, "controller": "SCSI", "boot": true}],
             "nics": [{"label": "eth0", "adapterType": "VMXNET3"}]}
            """;

    @Test
    void callWithoutTokenIsUnauthenticatedProblem() {
        given().when().get("/api/v1/machines")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://ferry.dev/problems/unauthenticated"))
                .body("status", equalTo(401))
                .body("instance", equalTo("/api/v1/machines"));
    }

    @Test
    void tokenFromAnotherIssuerIsRejected() {
        String forged = dev.ferry.localstack.JwtIssuer.generate("https://ferry.local/issuer")
                .issueForRole("admin", java.time.Duration.ofMinutes(5));
        given().auth().oauth2(forged).when().get("/api/v1/machines")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void viewerMayReadButNotAct() {
        given().auth().oauth2(TestInfrastructure.token("viewer")).when().get("/api/v1/machines")
                .then().statusCode(200);
        given().auth().oauth2(TestInfrastructure.token("viewer")).contentType(ContentType.JSON).body(MACHINE)
                .when().post("/api/v1/machines")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ferry.dev/problems/forbidden"));
    }

    @Test
    void operatorAndAdminMayAct() {
        for (String role : new String[] { "operator", "admin" }) {
            given().auth().oauth2(TestInfrastructure.token(role)).contentType(ContentType.JSON).body(MACHINE)
                    .when().post("/api/v1/machines")
                    .then().statusCode(201)
                    .header("Location", containsString("/api/v1/machines/"))
                    .body("id", notNullValue())
                    .body("sourceKind", equalTo("MANUAL"));
        }
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().auth().oauth2(TestInfrastructure.token("operator")).contentType(ContentType.JSON)
                .body("{\"name\": \"web01\", \"cpus\": ")
                .when().post("/api/v1/machines")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ferry.dev/problems/malformed-request"))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void wrongValueTypeNamesTheField() {
        given().auth().oauth2(TestInfrastructure.token("operator")).contentType(ContentType.JSON)
                .body("{\"name\": \"web01\", \"cpus\": \"many\", \"disks\": []}")
                .when().post("/api/v1/machines")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("cpus"));
    }

    @Test
    void invalidFieldsAreListed() {
        given().auth().oauth2(TestInfrastructure.token("operator")).contentType(ContentType.JSON)
                .body("{\"name\": \"\", \"cpus\": 0, \"disks\": []}")
                .when().post("/api/v1/machines")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ferry.dev/problems/validation"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("cpus"));
    }

    @Test
    void unknownMachineIsNotFoundProblem() {
        given().auth().oauth2(TestInfrastructure.token("viewer"))
                .when().get("/api/v1/machines/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("does not exist"));
    }

    @Test
    void operationalEndpointsNeedNoToken() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body(containsString("/api/v1/machines"));
    }
}
