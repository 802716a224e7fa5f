package dev.ferry.scheduler.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.localstack.Endpoints;
import dev.ferry.localstack.JwtIssuer;
import dev.ferry.localstack.ServiceProcess;
import dev.ferry.localstack.testing.TestInfrastructure;
import dev.ferry.scheduler.testing.TestMachines;
import dev.ferry.scheduler.testing.WaveFixtures;

/**
 * Wave benchmarks against the packaged scheduler run as its own process, with real PostgreSQL and Kafka: accepting a
 * wave of 1,000 machines with 3 disks each, progress of 200 disks at once, and reading a job under wrk. Not a test:
 * run it with {@code scheduler-service/bench/waves.sh}; it prints figures and asserts nothing.
 */
public final class WaveBenchmark {

    private static final String GROUP = "ferry-scheduler";

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final Endpoints endpoints;

    private WaveBenchmark(URI base, Endpoints endpoints) {
        this.base = base;
        this.endpoints = endpoints;
    }

    public static void main(String[] args) throws Exception {
        int machines = argument(args, 0, 1000);
        int disks = argument(args, 1, 3);
        int concurrentDisks = argument(args, 2, 200);
        int progressSeconds = argument(args, 3, 60);
        int wrkSeconds = argument(args, 4, 30);
        int jobsInFlight = (concurrentDisks + disks - 1) / disks;

        Endpoints endpoints = TestInfrastructure.endpoints();
        Map<String, String> environment = new HashMap<>(ServiceProcess.environmentFor(endpoints,
                TestInfrastructure.jwtPublicKey(), JwtIssuer.LOCAL_ISSUER));
        environment.put("FERRY_SCHEDULER_MAX_JOBS_IN_FLIGHT", Integer.toString(jobsInFlight));
        Path log = Files.createDirectories(Path.of("target/bench")).resolve("scheduler.log");
        try (ServiceProcess scheduler = ServiceProcess.start("scheduler",
                Path.of("target/quarkus-app/quarkus-run.jar"), 0, environment, log)) {
            scheduler.awaitReady(Duration.ofSeconds(120));
            WaveBenchmark bench = new WaveBenchmark(scheduler.baseUri(), endpoints);
            System.out.printf(Locale.ROOT, "scheduler pid %d on %s (log %s); %d cores, load average %s%n",
                    scheduler.pid(), scheduler.baseUri(), log, Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            List<String> ids = bench.seed(machines, disks);
            String jobId;
            try (ProgressLoad load = ProgressLoad.start(endpoints.kafkaBootstrapServers())) {
                UUID waveId = bench.submit(ids, jobsInFlight, load);
                bench.progress(load, waveId, concurrentDisks, progressSeconds);
                jobId = load.anyJob();
                System.out.println("while the progress load goes on:");
                bench.wrk(jobId, wrkSeconds, 16);
            }
            System.out.println("with the progress load stopped:");
            bench.wrk(jobId, wrkSeconds, 4);
            bench.wrk(jobId, wrkSeconds, 16);
            bench.wrk(jobId, wrkSeconds, 64);
            System.out.println("for comparison, the liveness check (no token check, no database) on this machine now:");
            bench.wrk("/q/health/live", wrkSeconds, 16);
        }
        // The embedded PostgreSQL and Kafka stop in their shutdown hooks.
        System.exit(0);
    }

    /** Publishes {@code count} machine records through the inventory topic and waits until the scheduler has them. */
    private List<String> seed(int count, int disks) throws Exception {
        List<String> ids = new ArrayList<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int index = 0; index < count; index++) {
                TestMachines machine = TestMachines.machine().name(String.format(Locale.ROOT, "bench-%04d", index));
                for (int disk = 0; disk < disks; disk++) {
                    machine.disk(Disk.Controller.SCSI, 0, disk, 40L + 20 * disk, disk == 0);
                }
                MachineRecord record = WaveFixtures.placed(machine.build(), "esx-" + index % 20, "ds-" + index % 10);
                ids.add(record.id());
                producer.send(new ProducerRecord<>(Topics.MACHINES, record.id(), EventCodec.encode(EventCodec
                        .envelope("/ferry/inventory", EventTypes.MACHINE_UPSERTED, record.id(), record))));
            }
            producer.flush();
        }
        String last = ids.get(ids.size() - 1);
        while (get("/api/v1/machines/" + last).statusCode() != 200) {
            pause(100);
        }
        System.out.printf(Locale.ROOT, "seeded %d machines with %d disks each through Kafka in %.1f s%n", count,
                disks, seconds(started));
        return ids;
    }

    /** Plans the wave (dry run), then submits it for real; prints both times. */
    private UUID submit(List<String> machines, int jobsInFlight, ProgressLoad load) throws Exception {
        Map<String, Object> wave = new HashMap<>();
        wave.put("name", "bench-" + UUID.randomUUID());
        wave.put("machines", machines);
        wave.put("profileId", "hyperv-2019-gen1");
        wave.put("target", Map.of("storageRoot", "default", "folder", "bench"));
        wave.put("limits", Map.of("jobsInFlight", jobsInFlight, "perSourceHost", 10));
        wave.put("targetHosts", Map.of("identicalHosts", Map.of("logicalProcessors", 64, "memoryGiB", 1024)));
        wave.put("dryRun", true);
        for (int round = 1; round <= 3; round++) {
            long started = System.nanoTime();
            HttpResponse<String> plan = post("/api/v1/waves", wave);
            System.out.printf(Locale.ROOT, "dry run %d: %d machines planned in %.2f s (HTTP %d, %d KiB)%n", round,
                    machines.size(), seconds(started), plan.statusCode(), plan.body().length() / 1024);
        }
        wave.put("dryRun", false);
        long started = System.nanoTime();
        HttpResponse<String> accepted = post("/api/v1/waves", wave);
        double took = seconds(started);
        JsonNode body = EventCodec.mapper().readTree(accepted.body());
        if (accepted.statusCode() != 201) {
            throw new IllegalStateException("wave refused: " + accepted.body());
        }
        System.out.printf(Locale.ROOT, "submitted: %d machines planned, stored and started in %.2f s (HTTP %d)%n",
                machines.size(), took, accepted.statusCode());
        UUID waveId = UUID.fromString(body.get("waveId").asText());
        load.serve(waveId.toString());
        return waveId;
    }

    /** Waits until {@code disks} disks report once a second, then samples lag and delay for {@code seconds}. */
    private void progress(ProgressLoad load, UUID waveId, int disks, int seconds) throws Exception {
        while (load.runningDisks() < disks) {
            pause(100);
        }
        System.out.printf(Locale.ROOT, "%d disks of %d jobs report once a second each; measuring %d s...%n",
                load.runningDisks(), load.jobs(), seconds);
        long sentBefore = load.sent();
        long started = System.nanoTime();
        long maxLag = 0;
        List<Long> lags = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            while (seconds(started) < seconds) {
                pause(1000);
                long lag = lag(admin);
                lags.add(lag);
                maxLag = Math.max(maxLag, lag);
            }
            double elapsed = seconds(started);
            long sent = load.sent() - sentBefore;
            int half = lags.size() / 2;
            System.out.printf(Locale.ROOT, "sent %d progress events in %.1f s (%.0f/s); consumer lag (records not yet "
                    + "committed; offsets are committed every second) sampled each second: max %d, median %d, mean "
                    + "of the first half %.0f, of the second half %.0f%n", sent, elapsed, sent / elapsed, maxLag,
                    lags.stream().sorted().toList().get(half), mean(lags.subList(0, half)),
                    mean(lags.subList(half, lags.size())));
        }
        System.out.println("delay from worker event to applied (scheduler metric): " + delay());
        JsonNode wave = EventCodec.mapper().readTree(get("/api/v1/waves/" + waveId).body());
        System.out.printf(Locale.ROOT, "wave: %s jobs in flight, %.1f GiB done of %.1f GiB, %s bytes/s%n",
                wave.get("jobsInFlight"), wave.get("bytesDone").asLong() / (double) (1L << 30),
                wave.get("bytesTotal").asLong() / (double) (1L << 30), wave.get("bytesPerSecond"));
    }

    /** Runs wrk with {@code connections} connections against one job's detail, or another path. */
    private void wrk(String jobIdOrPath, int seconds, int connections) throws IOException, InterruptedException {
        String path = jobIdOrPath.startsWith("/") ? jobIdOrPath : "/api/v1/jobs/" + jobIdOrPath;
        URI job = base.resolve(path);
        HttpResponse<String> one = get(path);
        System.out.printf(Locale.ROOT, "GET %s: HTTP %d, %d bytes%n", path, one.statusCode(), one.body().length());
        Path script = Path.of("bench/job-get.lua").toAbsolutePath();
        ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), job.toString()).redirectErrorStream(true);
        wrk.environment().put("TOKEN", TestInfrastructure.token("viewer"));
        System.out.printf(Locale.ROOT, "wrk -t2 -c%d -d%ds --latency -s job-get.lua %s (load average %s)%n",
                connections, seconds, job.getPath(), Files.readString(Path.of("/proc/loadavg")).trim());
        Process process = wrk.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        output.lines().filter(line -> line.startsWith("requests/s") || line.contains("Latency ")
                || line.contains("%")).forEach(line -> System.out.println("  " + line.trim()));
    }

    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        committed.keySet().stream().filter(partition -> partition.topic().equals(Topics.CONVERSION_EVENTS))
                .forEach(partition -> ends.put(partition, OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(ends).all().get().entrySet()) {
            lag += end.getValue().offset() - committed.get(end.getKey()).offset();
        }
        return lag;
    }

    private String delay() throws IOException, InterruptedException {
        StringBuilder figures = new StringBuilder();
        for (String line : get("/q/metrics").body().split("\n")) {
            if (line.startsWith("ferry_scheduler_conversion_event_delay_seconds")) {
                figures.append(System.lineSeparator()).append("  ").append(line);
            }
        }
        return figures.toString();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer "
                + TestInfrastructure.token("viewer")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + TestInfrastructure.token("operator"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventCodec.mapper().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer());
    }

    private static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    private static int argument(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
