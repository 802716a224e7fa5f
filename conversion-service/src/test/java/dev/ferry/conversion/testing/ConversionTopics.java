package dev.ferry.conversion.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.localstack.testing.TestInfrastructure;

/**
 * The conversion topics as the scheduler uses them: publishes requests and cancels, and records every event workers
 * publish (a background consumer in a group of its own), so tests can wait for and count them.
 */
public final class ConversionTopics implements AutoCloseable {

    public static final String WORKER_GROUP = "ferry-conversion-workers";

    private final String bootstrap;
    private final KafkaProducer<String, String> producer;
    private final Queue<EventEnvelope> events = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean running = true;
    private static ConversionTopics shared;

    /** One instance for all Quarkus tests of the JVM, against the shared test broker. */
    public static synchronized ConversionTopics shared() {
        if (shared == null) {
            shared = new ConversionTopics(TestInfrastructure.endpoints().kafkaBootstrapServers());
        }
        return shared;
    }

    public ConversionTopics(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer());
        this.reader = new Thread(this::read, "conversion-events-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Publishes a request as the scheduler does; returns where it landed. */
    public RecordMetadata request(ConversionRequest request) {
        return send(request.jobId(), EventCodec.encode(EventCodec.envelope("/ferry/scheduler",
                EventTypes.CONVERSION_REQUESTED, request.jobId(), request)));
    }

    public RecordMetadata cancel(ConversionCancel cancel) {
        return send(cancel.jobId(), EventCodec.encode(EventCodec.envelope("/ferry/scheduler",
                EventTypes.CONVERSION_CANCEL_REQUESTED, cancel.jobId(), cancel)));
    }

    /** Sends a record value as it is (a redelivery of the very same event). */
    public RecordMetadata send(String key, String value) {
        try {
            return producer.send(new ProducerRecord<>(Topics.CONVERSION_REQUESTS, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + Topics.CONVERSION_REQUESTS, e);
        }
    }

    /** Every event of {@code type} about {@code jobId} received so far, in order. */
    public List<EventEnvelope> events(String jobId, EventType<ConversionUpdate> type) {
        return events.stream().filter(event -> jobId.equals(event.subject()) && type.name().equals(event.type()))
                .toList();
    }

    /** Every event about {@code jobId} received so far, in the order the worker sent them. */
    public List<EventEnvelope> allEvents(String jobId) {
        return events.stream().filter(event -> jobId.equals(event.subject())).toList();
    }

    /** Waits for the first event of {@code type} about {@code jobId} and returns its update. */
    public ConversionUpdate await(String jobId, EventType<ConversionUpdate> type, Duration timeout) {
        EventEnvelope event = Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> events(jobId, type).stream().findFirst().orElse(null), found -> found != null);
        return EventCodec.data(event, type);
    }

    /** Waits for a final event (completed, failed or cancelled) about {@code jobId}. */
    public EventEnvelope awaitFinal(String jobId, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> events.stream().filter(event -> jobId.equals(event.subject()))
                        .filter(event -> event.type().equals(EventTypes.CONVERSION_COMPLETED.name())
                                || event.type().equals(EventTypes.CONVERSION_FAILED.name())
                                || event.type().equals(EventTypes.CONVERSION_CANCELLED.name()))
                        .findFirst().orElse(null), found -> found != null);
    }

    /** Waits until the workers' group has committed past {@code record}: the worker acknowledged it. */
    public void awaitAcknowledged(RecordMetadata record, Duration timeout) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(WORKER_GROUP)
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata committed = offsets.get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }

    private void read() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "conversion-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CONVERSION_EVENTS));
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        events.add(EventCodec.decode(record.value()));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        producer.close();
    }
}
