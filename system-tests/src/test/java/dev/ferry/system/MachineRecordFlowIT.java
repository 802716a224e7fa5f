package dev.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ferry.events.Topics;
import dev.ferry.localstack.testing.TestInfrastructure;

/** A machine added to the inventory reaches the scheduler through the outbox and the real broker, exactly once. */
class MachineRecordFlowIT {

    private static final int INVENTORY = 0;
    private static final int SCHEDULER = 1;
    private static final Pattern DUPLICATES = Pattern.compile(
            "ferry_events_duplicates_total\\{[^}]*consumer=\"scheduler-machines\"[^}]*} ([0-9.]+)");

    private static FerrySystem ferry;

    @BeforeAll
    static void start() throws Exception {
        ferry = FerrySystem.start("inventory", "scheduler");
    }

    @AfterAll
    static void stop() {
        if (ferry != null) {
            ferry.close();
        }
    }

    @Test
    void machineAddedToInventoryReachesSchedulerAndARedeliveryIsIgnored() throws Exception {
        String name = "erp-" + UUID.randomUUID();
        HttpResponse<String> created = ferry.post(ferry.uri(INVENTORY, "/api/v1/machines"), "operator",
                "{\"name\": \"" + name + "\", \"cpus\": 8, \"memoryBytes\": 17179869184, \"disks\": []}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = field(created.body(), "id");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                () -> ferry.get(ferry.uri(SCHEDULER, "/api/v1/machines/" + id), "viewer"),
                response -> response.statusCode() == 200 && response.body().contains(name));

        // Deliver the very record the outbox published a second time, as Kafka may after a rebalance.
        ConsumerRecord<String, String> published = publishedRecord(id);
        double duplicatesBefore = duplicates();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.MACHINES, published.key(), published.value())).get();
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> duplicates() > duplicatesBefore);
        HttpResponse<String> known = ferry.get(ferry.uri(SCHEDULER, "/api/v1/machines/" + id), "viewer");
        assertThat(known.body()).contains(name);
    }

    private static double duplicates() throws Exception {
        String metrics = ferry.get(ferry.uri(SCHEDULER, "/q/metrics"), null).body();
        Matcher matcher = DUPLICATES.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static ConsumerRecord<String, String> publishedRecord(String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MACHINES));
            return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
                return null;
            }, record -> record != null);
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.endpoints().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("field %s in %s", name, json).isTrue();
        return matcher.group(1);
    }
}
