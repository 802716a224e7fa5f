package dev.ferry.scheduler.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.plan.DiskPlan;

/**
 * Workers' progress as load: takes the requests of one wave from the real topic, reports each job started, then every
 * disk of every job it holds reports progress once a second, as real workers do, until closed. Nothing completes.
 */
final class ProgressLoad implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Map<String, ConversionRequest> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final Thread reader;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private volatile String waveId;
    private long seconds;

    private ProgressLoad(String kafka) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-workers-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
        consumer.subscribe(List.of(Topics.CONVERSION_REQUESTS));
        reader = new Thread(this::read, "bench-worker");
    }

    static ProgressLoad start(String kafka) {
        ProgressLoad load = new ProgressLoad(kafka);
        load.reader.start();
        load.ticker.scheduleAtFixedRate(load::report, 1, 1, TimeUnit.SECONDS);
        return load;
    }

    /** Takes the requests of this wave from now on. */
    void serve(String wave) {
        this.waveId = wave;
    }

    int jobs() {
        return held.size();
    }

    int runningDisks() {
        return held.values().stream().mapToInt(request -> request.plan().disks().size()).sum();
    }

    long sent() {
        return sent.get();
    }

    String anyJob() {
        return held.keySet().iterator().next();
    }

    private void read() {
        while (open.get()) {
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.value() == null) {
                        continue;
                    }
                    EventEnvelope envelope = EventCodec.decode(record.value());
                    if (!EventTypes.CONVERSION_REQUESTED.name().equals(envelope.type())) {
                        continue;
                    }
                    ConversionRequest request = EventCodec.data(envelope, EventTypes.CONVERSION_REQUESTED);
                    if (request.waveId().equals(waveId)) {
                        held.put(request.jobId(), request);
                        send(EventTypes.CONVERSION_STARTED, request, null, 0, Phase.VALIDATING);
                    }
                }
            } catch (WakeupException e) {
                return;
            }
        }
    }

    private void report() {
        seconds++;
        for (ConversionRequest request : held.values()) {
            for (DiskPlan disk : request.plan().disks()) {
                send(EventTypes.CONVERSION_PROGRESS, request, disk.diskKey(),
                        Math.min(disk.capacityBytes(), seconds * (64L << 20)), Phase.CONVERTING);
            }
        }
    }

    private void send(EventType<ConversionUpdate> type, ConversionRequest request, String diskKey, long done,
            Phase phase) {
        long total = request.plan().disks().stream().filter(disk -> diskKey == null || disk.diskKey().equals(diskKey))
                .mapToLong(DiskPlan::capacityBytes).sum();
        ConversionUpdate update = new ConversionUpdate(request.jobId(), request.attempt(), "bench-worker", diskKey,
                done, total, 64L << 20, null, false, null, null, phase);
        producer.send(new ProducerRecord<>(Topics.CONVERSION_EVENTS, request.jobId(), EventCodec.encode(
                EventCodec.envelope("/ferry/conversion", type, request.jobId(), update))));
        sent.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        open.set(false);
        ticker.shutdownNow();
        consumer.wakeup();
        reader.join(5000);
        consumer.close();
        producer.close();
    }
}
