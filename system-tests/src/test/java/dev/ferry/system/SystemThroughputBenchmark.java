package dev.ferry.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.events.EventCodec;

/**
 * System throughput, printed and never asserted (run by {@code system-tests/bench/system-throughput.sh}):
 * <ol>
 * <li>one large VMDK (4 GiB by default, 40% of it data) as an OVF disk on mounted storage, converted through the whole
 * system (wave submitted to the scheduler's API, request over Kafka, worker converts and verifies, job COMPLETED) and
 * the same file through the disk engine's command line ({@code bin/ferry-disk convert --verify}) to the same format:
 * both times and their ratio;</li>
 * <li>a wave of many small disks converted by one worker, then another such wave by two workers: disks and MB per
 * second.</li>
 * </ol>
 * Arguments: size of the large disk in GiB (4), small disks per wave (24), size of a small disk in MiB (32).
 */
public final class SystemThroughputBenchmark {

    private static final String PROFILE = "hyperv-2019-gen1";
    private static final Duration WAVE_TIMEOUT = Duration.ofHours(1);

    private final MigrationStack stack;
    private int machines;

    private SystemThroughputBenchmark(MigrationStack stack) {
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        long largeBytes = (args.length > 0 ? Long.parseLong(args[0]) : 4) << 30;
        int smallDisks = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        long smallBytes = (args.length > 2 ? Long.parseLong(args[2]) : 32) << 20;
        try (MigrationStack stack = MigrationStack.start("bench", Map.of())) {
            SystemThroughputBenchmark bench = new SystemThroughputBenchmark(stack);
            stack.worker("bench-worker-1", 0);
            bench.largeDisk(largeBytes);
            double one = bench.smallDisks("one worker", smallDisks, smallBytes);
            stack.worker("bench-worker-2", 0);
            double two = bench.smallDisks("two workers", smallDisks, smallBytes);
            System.out.printf("small disks: two workers convert at %.2fx the rate of one%n", two / one);
        }
        System.exit(0);
    }

    /** The large disk through the system and through bin/ferry-disk; prints both and the ratio. */
    private void largeDisk(long size) throws Exception {
        Path vmdk = ovfDisk("large", size, 0.2, 0.2);
        long dataBytes = allocated(vmdk);
        JsonNode machine = stack.api().discoverOvf("large/large.ovf");

        warm(vmdk);
        long started = System.nanoTime();
        String waveId = stack.api().submitWave("bench-large", PROFILE, "bench-large", List.of(machine.get("id")
                .asText()));
        JsonNode wave = stack.api().awaitWaveFinished(waveId, WAVE_TIMEOUT);
        double system = seconds(started);
        JsonNode job = stack.api().jobs(waveId).get(0);
        require(wave, "COMPLETED");
        JsonNode attempt = job.get("attempts").get(job.get("attempts").size() - 1);
        double queued = between(attempt, "dispatchedAt", "startedAt");
        double worker = between(attempt, "startedAt", "endedAt");
        JsonNode disk = EventCodec.mapper().readTree(job.get("plan").toString()).get("disks").get(0);
        String format = disk.get("targetFormat").asText();
        String subformat = disk.path("targetSubformat").asText("dynamic");

        warm(vmdk);
        Path engineTarget = stack.targets().resolve("engine-large." + format);
        started = System.nanoTime();
        run(List.of(Path.of(System.getProperty("ferry.project.root", "..")).resolve("bin/ferry-disk").toString(),
                "convert", "-q", "--verify", "-O", format, "--subformat=" + subformat, vmdk.toString(),
                engineTarget.toString()));
        double engine = seconds(started);

        System.out.printf("large disk: %d MiB virtual (%d MiB of data in the VMDK) to %s %s, verified in both%n",
                size >> 20, dataBytes >> 20, format, subformat);
        System.out.printf("  through the system (POST wave -> COMPLETED): %.1f s, %.0f MB/s of virtual size%n",
                system, size / system / 1e6);
        System.out.printf("    of which: dispatch to a worker's start %.1f s, the worker's attempt (convert, verify, "
                + "definition) %.1f s%n", queued, worker);
        System.out.printf("  disk engine alone (bin/ferry-disk convert --verify): %.1f s, %.0f MB/s%n", engine,
                size / engine / 1e6);
        System.out.printf("  system speed / engine speed: %.0f%%%n", 100 * engine / system);
        Files.delete(engineTarget);
    }

    /** A wave of {@code count} small disks on the workers running now; prints and returns its disks per second. */
    private double smallDisks(String label, int count, long size) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "small" + ++machines;
            ovfDisk(name, size, 0.35, 0.25);
            ids.add(stack.api().discoverOvf(name + "/" + name + ".ovf").get("id").asText());
        }
        long started = System.nanoTime();
        String waveId = stack.api().submitWave("bench-" + label.replace(' ', '-'), PROFILE, "bench-small-"
                + machines, ids);
        JsonNode wave = stack.api().awaitWaveFinished(waveId, WAVE_TIMEOUT);
        double elapsed = seconds(started);
        require(wave, "COMPLETED");
        System.out.printf("%d disks of %d MiB, %s: %.1f s, %.2f disks/s, %.0f MB/s of virtual size%n", count,
                size >> 20, label, elapsed, count / elapsed, count * size / elapsed / 1e6);
        return count / elapsed;
    }

    /** A VMDK of {@code size} made by qemu-img with an OVF descriptor beside it, under the inventory's storage. */
    private Path ovfDisk(String name, long size, double randomShare, double textShare) throws IOException {
        Path folder = Files.createDirectories(stack.inventoryStorage().resolve(name));
        OvfPackage ovf = new OvfPackage(name, 2, false, "windows9Server64Guest", size);
        Path raw = SyntheticDisk.scattered(size, name.hashCode(), randomShare, textShare, 256 << 10, 16 << 20)
                .writeRaw(stack.images().resolve(name + ".raw"));
        Path vmdk = folder.resolve(ovf.diskFileName());
        dev.ferry.disk.testing.QemuImg.convert(raw, "raw", vmdk, "vmdk");
        Files.delete(raw);
        ovf.descriptorBeside(vmdk);
        return vmdk;
    }

    private static void require(JsonNode wave, String state) {
        if (!wave.get("state").asText().equals(state)) {
            throw new IllegalStateException("the wave ended " + wave);
        }
    }

    /** Reads the file once so both runs find it in the page cache alike. */
    private static void warm(Path file) throws IOException, InterruptedException {
        run(List.of("cat", file.toString()), Path.of("/dev/null"));
    }

    private static long allocated(Path file) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "--block-size=1", file.toString()).start();
        String out = new String(du.getInputStream().readAllBytes()).trim();
        du.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        run(command, null);
    }

    private static void run(List<String> command, Path output) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(output == null ? ProcessBuilder.Redirect.INHERIT
                : ProcessBuilder.Redirect.to(output.toFile()));
        Process process = builder.start();
        if (!process.waitFor(1, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IOException(command + " failed");
        }
    }

    private static double between(JsonNode attempt, String from, String to) {
        return Duration.between(java.time.Instant.parse(attempt.get(from).asText()), java.time.Instant.parse(
                attempt.get(to).asText())).toMillis() / 1e3;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
