package dev.ferry.conversion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.ferry.conversion.testing.WorkerTestResources;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FerryTestResources.class)
@WithTestResource(WorkerTestResources.class)
class WorkerResourceTest {

    @Test
    void workerReportsItsIdentityAndCapacity() {
        given().auth().oauth2(TestInfrastructure.token("viewer")).get("/api/v1/worker")
                .then().statusCode(200).body("id", equalTo(WorkerTestResources.WORKER_ID)).body("concurrentDisks", equalTo(2))
                .body("concurrentJobs", equalTo(2)).body("jobs", notNullValue());
    }

    @Test
    void workerIsReadyAgainstRealDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void workerStatusNeedsAToken() {
        given().get("/api/v1/worker").then().statusCode(401);
    }
}
