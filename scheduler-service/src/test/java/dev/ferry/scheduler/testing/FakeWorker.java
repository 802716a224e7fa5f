package dev.ferry.scheduler.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventType;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.localstack.testing.TestInfrastructure;

/**
 * A conversion worker for tests that speaks the real topics: it reads conversion requests and cancels from the real
 * requests topic and answers on the real conversion events topic as a worker would (started, progress at most every
 * tick per disk, a checkpoint half way, completed with disk results; or failed; or nothing at all, as a crashed worker).
 * It serves only the waves it is told about, so tests sharing the broker do not disturb each other, and it records how
 * many jobs it ran at once.
 */
public final class FakeWorker implements AutoCloseable {

    /** What the worker does with one attempt. */
    public enum Mode {
        /** Converts in {@link #TICKS} ticks with progress, a checkpoint half way, then completes. */
        AUTO,
        /** Starts and keeps reporting progress (renewing its lease) without ever finishing, until told to. */
        HOLD,
        /** Starts, reports once with a checkpoint, then falls silent as a crashed worker would. */
        SILENT,
        /** Starts and fails for good (not retryable). */
        FAIL
    }

    public static final int TICKS = 8;
    private static final Duration TICK = Duration.ofMillis(100);
    private static final String WORKER = "fake-worker";
    private static FakeWorker shared;

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Function<ConversionRequest, Mode>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Long> checkpoints = new ConcurrentHashMap<>();
    private final List<ConversionRequest> requests = new CopyOnWriteArrayList<>();
    private final List<ConversionCancel> cancels = new CopyOnWriteArrayList<>();
    private final List<EventEnvelope> unserved = new ArrayList<>();
    private final Map<String, List<String>> history = new ConcurrentHashMap<>();
    private final Map<String, List<Set<String>>> runningOverTime = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final Thread reader;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private FakeWorker() {
        String kafka = TestInfrastructure.endpoints().kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "fake-worker-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(Topics.CONVERSION_REQUESTS));
        reader = new Thread(this::read, "fake-worker");
        reader.setDaemon(true);
    }

    /** The worker of this test JVM, reading the requests topic from its start; it stops with the JVM. */
    public static synchronized FakeWorker shared() {
        if (shared == null) {
            FakeWorker worker = new FakeWorker();
            worker.reader.start();
            worker.ticker.scheduleAtFixedRate(worker::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "fake-worker-stop"));
            shared = worker;
        }
        return shared;
    }

    /**
     * Serves the requests of wave {@code waveId}, each attempt as {@code script} says; requests of the wave that
     * arrived before are served now.
     */
    public synchronized void serve(UUID waveId, Function<ConversionRequest, Mode> script) {
        scripts.put(waveId.toString(), script);
        List<EventEnvelope> waiting = new ArrayList<>(unserved);
        unserved.clear();
        waiting.forEach(this::handle);
    }

    /** Serves every attempt of the wave's jobs in {@code mode}. */
    public void serve(UUID waveId, Mode mode) {
        serve(waveId, request -> mode);
    }

    /** The requests received for the wave, in order. */
    public List<ConversionRequest> requests(UUID waveId) {
        return requests.stream().filter(request -> request.waveId().equals(waveId.toString())).toList();
    }

    /** The cancels received for {@code jobIds}, in order. */
    public List<ConversionCancel> cancels(Set<String> jobIds) {
        return cancels.stream().filter(cancel -> jobIds.contains(cancel.jobId())).toList();
    }

    /** What this worker read about a job: partition, offset and type of each record, for failure messages. */
    public List<String> history(String jobId) {
        return history.getOrDefault(jobId, List.of());
    }

    /** Jobs of the wave this worker runs now. */
    public int runningNow(UUID waveId) {
        return (int) running.values().stream().filter(job -> job.request.waveId().equals(waveId.toString())).count();
    }

    /**
     * The most jobs of the wave this worker ran at once that share a key ({@code key} maps a machine id to its
     * source host, datastore, target host, or to one value for the whole wave).
     */
    public int maxRunningAtOnce(UUID waveId, Function<String, List<String>> key) {
        int max = 0;
        for (Set<String> machines : runningOverTime.getOrDefault(waveId.toString(), List.of())) {
            Map<String, Integer> counts = new HashMap<>();
            machines.forEach(machine -> key.apply(machine).forEach(group -> counts.merge(group, 1, Integer::sum)));
            max = Math.max(max, counts.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        }
        return max;
    }

    /** Lets held jobs of the wave run to completion. */
    public void finishHeld(UUID waveId) {
        running.values().stream().filter(job -> job.request.waveId().equals(waveId.toString()))
                .forEach(job -> job.mode = job.mode == Mode.HOLD ? Mode.AUTO : job.mode);
    }

    /** Publishes an update of {@code type} as a worker would, and waits until Kafka has it; returns the envelope. */
    public EventEnvelope publish(EventType<ConversionUpdate> type, ConversionUpdate update) {
        EventEnvelope envelope = EventCodec.envelope("/ferry/conversion", type, update.jobId(), update);
        publish(envelope);
        return envelope;
    }

    /** Publishes {@code envelope} as it is (to send one twice, or altered), and waits until Kafka has it. */
    public void publish(EventEnvelope envelope) {
        try {
            producer.send(record(envelope)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a conversion event", e);
        }
    }

    /** Sends without waiting, as a worker's progress goes; one producer keeps each job's events in order. */
    private void send(EventType<ConversionUpdate> type, ConversionUpdate update) {
        producer.send(record(EventCodec.envelope("/ferry/conversion", type, update.jobId(), update)));
    }

    private static ProducerRecord<String, String> record(EventEnvelope envelope) {
        return new ProducerRecord<>(Topics.CONVERSION_EVENTS, envelope.subject(), EventCodec.encode(envelope));
    }

    private void read() {
        while (open.get()) {
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        if (record.value() != null) {
                            EventEnvelope envelope = EventCodec.decode(record.value());
                            history.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>()).add(
                                    record.partition() + "@" + record.offset() + " " + envelope.type());
                            handle(envelope);
                        }
                    } catch (RuntimeException e) {
                        // A record of another shape: a real worker skips it too.
                        history.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>()).add(
                                record.partition() + "@" + record.offset() + " skipped: " + e);
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    private synchronized void handle(EventEnvelope envelope) {
        if (EventTypes.CONVERSION_REQUESTED.name().equals(envelope.type())) {
            ConversionRequest request = EventCodec.data(envelope, EventTypes.CONVERSION_REQUESTED);
            Function<ConversionRequest, Mode> script = scripts.get(request.waveId());
            if (script == null) {
                unserved.add(envelope);
            } else {
                requests.add(request);
                Running job = new Running(request, script.apply(request), checkpoints.getOrDefault(
                        request.jobId(), 0L));
                running.put(request.jobId(), job);
                changed(request.waveId());
                send(EventTypes.CONVERSION_STARTED, update(request, null, 0, "started", Phase.VALIDATING));
            }
        } else if (EventTypes.CONVERSION_CANCEL_REQUESTED.name().equals(envelope.type())) {
            ConversionCancel cancel = EventCodec.data(envelope, EventTypes.CONVERSION_CANCEL_REQUESTED);
            Running job = running.get(cancel.jobId());
            if (job == null && requests.stream().noneMatch(request -> request.jobId().equals(cancel.jobId()))) {
                return;
            }
            cancels.add(cancel);
            if (job != null && job.request.attempt() <= cancel.attempt()) {
                running.remove(cancel.jobId());
                changed(job.request.waveId());
                if (job.mode != Mode.SILENT) {
                    send(EventTypes.CONVERSION_CANCELLED, update(job.request, null, 0, "cancelled", Phase.DONE));
                }
            }
        }
    }

    private void tick() {
        try {
            for (Running job : List.copyOf(running.values())) {
                job.tick();
            }
        } catch (RuntimeException e) {
            // The next tick tries again.
        }
    }

    private void changed(String waveId) {
        Set<String> machines = new HashSet<>();
        running.values().stream().filter(job -> job.request.waveId().equals(waveId))
                .forEach(job -> machines.add(job.request.plan().machineId()));
        runningOverTime.computeIfAbsent(waveId, id -> new CopyOnWriteArrayList<>()).add(machines);
    }

    private static ConversionUpdate update(ConversionRequest request, String diskKey, long done, String message,
            Phase phase) {
        long total = diskKey == null ? request.plan().totalDiskBytes()
                : request.plan().disks().stream().filter(disk -> disk.diskKey().equals(diskKey))
                        .mapToLong(DiskPlan::capacityBytes).sum();
        return new ConversionUpdate(request.jobId(), request.attempt(), WORKER, diskKey, done, total,
                total / TICKS * 10, message, false, null, null, phase);
    }

    /** One attempt this worker runs. */
    private final class Running {

        private final ConversionRequest request;
        private final long resumeFrom;
        private volatile Mode mode;
        private int ticks;

        Running(ConversionRequest request, Mode mode, long resumeFrom) {
            this.request = request;
            this.mode = mode;
            this.resumeFrom = resumeFrom;
        }

        void tick() {
            ticks++;
            switch (mode) {
                case HOLD -> progress(Math.min(ticks, TICKS / 2), false);
                case SILENT -> {
                    if (ticks == 1) {
                        progress(TICKS / 2, true);
                        checkpoints.put(request.jobId(), fraction(request.plan().disks().get(0), TICKS / 2));
                    }
                }
                case FAIL -> finish(EventTypes.CONVERSION_FAILED, new ConversionUpdate(request.jobId(),
                        request.attempt(), WORKER, null, 0, 0, 0, "the source disk is unreadable", false, null,
                        null, Phase.DONE));
                case AUTO -> {
                    if (ticks < TICKS) {
                        progress(ticks, ticks == TICKS / 2);
                    } else {
                        for (DiskPlan disk : request.plan().disks()) {
                            send(EventTypes.CONVERSION_PROGRESS, update(request, disk.diskKey(), disk.capacityBytes(),
                                    null, Phase.VERIFYING));
                        }
                        List<DiskResult> results = new ArrayList<>();
                        for (DiskPlan disk : request.plan().disks()) {
                            results.add(new DiskResult(disk.diskKey(), disk.fileName(), disk.targetFormat(),
                                    disk.capacityBytes(), disk.capacityBytes() / 2, "sha256-tree:" + disk.diskKey()));
                        }
                        finish(EventTypes.CONVERSION_COMPLETED, new ConversionUpdate(request.jobId(),
                                request.attempt(), WORKER, null, request.plan().totalDiskBytes(),
                                request.plan().totalDiskBytes(), 0, "completed", false, results,
                                List.of(request.plan().machineName() + ".xml"), Phase.DONE));
                    }
                }
            }
        }

        private void progress(int tick, boolean checkpoint) {
            for (DiskPlan disk : request.plan().disks()) {
                long done = Math.max(resumeFrom, fraction(disk, tick));
                send(EventTypes.CONVERSION_PROGRESS, update(request, disk.diskKey(), done, null, Phase.CONVERTING));
                if (checkpoint) {
                    send(EventTypes.CONVERSION_CHECKPOINT, update(request, disk.diskKey(), done, "checkpoint",
                            Phase.CONVERTING));
                }
            }
        }

        private long fraction(DiskPlan disk, int tick) {
            return disk.capacityBytes() / TICKS * tick;
        }

        private void finish(EventType<ConversionUpdate> type, ConversionUpdate update) {
            running.remove(request.jobId());
            changed(request.waveId());
            send(type, update);
        }
    }

    @Override
    public void close() {
        open.set(false);
        ticker.shutdownNow();
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
    }
}
