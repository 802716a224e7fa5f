package dev.ferry.scheduler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FerryTestResources.class)
class MachineRecordConsumerTest {

    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.endpoints().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void publishedMachineBecomesKnownAndTombstoneRemovesIt() throws Exception {
        String id = UUID.randomUUID().toString();
        send(id, EventCodec.encode(envelope(id, "app01", 2)));
        awaitMachine(id, "app01");

        send(id, null);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(TestInfrastructure.token("viewer")).get("/api/v1/machines/" + id).then().statusCode(404));
    }

    @Test
    void redeliveredEventChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        EventEnvelope first = envelope(id, "first-name", 2);
        send(id, EventCodec.encode(first));
        awaitMachine(id, "first-name");

        // The same event id again, carrying different data: a duplicate must be dropped, not applied.
        EventEnvelope tampered = new EventEnvelope(first.specVersion(), first.id(), first.source(), first.type(),
                first.schemaVersion(), first.subject(), first.time(), first.dataContentType(),
                EventCodec.mapper().valueToTree(machine(id, "second-name", 8)));
        send(id, EventCodec.encode(tampered));
        // A later, genuine event proves the consumer processed past the duplicate.
        String marker = UUID.randomUUID().toString();
        send(marker, EventCodec.encode(envelope(marker, "marker", 1)));
        awaitMachine(marker, "marker");

        given().auth().oauth2(TestInfrastructure.token("viewer")).get("/api/v1/machines/" + id)
                .then().statusCode(200).body("name", equalTo("first-name")).body("cpu.count", equalTo(2));
    }

    @Test
    void unreadableRecordIsSkippedWithoutStoppingTheConsumer() throws Exception {
        send("garbage", "{not an event");
        String newer = EventCodec.encode(envelope(UUID.randomUUID().toString(), "future", 1))
                .replace("\"schemaversion\":1", "\"schemaversion\":99");
        send("future", newer);
        String id = UUID.randomUUID().toString();
        send(id, EventCodec.encode(envelope(id, "after-garbage", 1)));

        awaitMachine(id, "after-garbage");
    }

    private static void awaitMachine(String id, String name) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(TestInfrastructure.token("viewer")).get("/api/v1/machines/" + id)
                .then().statusCode(200).body("name", equalTo(name)));
    }

    private static void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.MACHINES, key, value)).get();
    }

    private static EventEnvelope envelope(String id, String name, int cpus) {
        return EventCodec.envelope("/ferry/inventory", EventTypes.MACHINE_UPSERTED, id, machine(id, name, cpus));
    }

    private static MachineRecord machine(String id, String name, int cpus) {
        return new MachineRecord(id, null, SourceKind.MANUAL, null, name, PowerState.POWERED_OFF, null,
                Firmware.BIOS, new Cpu(cpus, 1, cpus), 1L << 30, List.of(), List.of(), null, null, null, null, null,
                null, null, Instant.now(), Instant.now());
    }
}
