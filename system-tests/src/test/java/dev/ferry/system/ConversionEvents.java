package dev.ferry.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;
import dev.ferry.events.Topics;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.localstack.testing.TestInfrastructure;

/**
 * Everything the workers publish on the conversion events topic, read from its beginning by a consumer of the test's
 * own, so a test can wait for a worker's progress and count a job's events.
 */
final class ConversionEvents implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<EventEnvelope> events = new ArrayList<>();

    ConversionEvents() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-events-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.CONVERSION_EVENTS));
    }

    /** Waits for the first event of {@code type} about {@code jobId} whose update satisfies {@code matches}. */
    ConversionUpdate await(String jobId, EventType<ConversionUpdate> type, Predicate<ConversionUpdate> matches,
            Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return of(jobId, type).stream().filter(matches).findFirst().orElse(null);
        }, update -> update != null);
    }

    /** Every event of {@code type} about {@code jobId} on the topic now, once this consumer has read to its end. */
    List<ConversionUpdate> all(String jobId, EventType<ConversionUpdate> type) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            return !ends.isEmpty() && ends.entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
        return of(jobId, type);
    }

    private List<ConversionUpdate> of(String jobId, EventType<ConversionUpdate> type) {
        return events.stream().filter(event -> jobId.equals(event.subject()) && type.name().equals(event.type()))
                .map(event -> EventCodec.data(event, type)).toList();
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            events.add(EventCodec.decode(record.value()));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
