package dev.ferry.inventory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(FerryTestResources.class)
class MachinePublishingTest {

    @Test
    void addedMachineIsPublishedOnTheMachineTopicKeyedById() {
        String name = "db-" + UUID.randomUUID();
        String id = given().auth().oauth2(TestInfrastructure.token("operator")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"cpus\": 4, \"memoryBytes\": 8589934592, \"disks\": []}")
                .when().post("/api/v1/machines")
                .then().statusCode(201).extract().path("id");

        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.MACHINES));
            ConsumerRecord<String, String> published = Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> find(consumer, id), record -> record != null);

            EventEnvelope envelope = EventCodec.decode(published.value());
            MachineRecord machine = EventCodec.data(envelope, EventTypes.MACHINE_UPSERTED);
            assertThat(envelope.subject()).isEqualTo(id);
            assertThat(envelope.source()).isEqualTo("/ferry/inventory");
            assertThat(machine.name()).isEqualTo(name);
            assertThat(machine.cpu().count()).isEqualTo(4);
        }
    }

    private static ConsumerRecord<String, String> find(KafkaConsumer<String, String> consumer, String key) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            if (key.equals(record.key())) {
                return record;
            }
        }
        return null;
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
    }
}
