package dev.ferry.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer runs first: {@code bin/ferry-local up}, {@code demo} and {@code down}, here in a Ferry home of its
 * own and on ports of its own, so that it runs beside a developer's local stack.
 */
class LocalDemoIT {

    private static final Duration UP_WITHIN = Duration.ofMinutes(5);
    private static final Duration DEMO_WITHIN = Duration.ofMinutes(3);

    @TempDir
    Path folder;

    /**
     * How a run of ferry-local ended.
     *
     * @param exitCode its exit code
     * @param output what it printed, standard output and error together
     */
    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output;
        }
    }

    @Test
    void theDemoMigratesItsSampleVmOnTheLocalStackAndDownStopsEverything() throws Exception {
        Map<String, String> environment = environment(folder.resolve("home"));
        try {
            Result up = ferryLocal(environment, UP_WITHIN, "up");
            assertThat(up.exitCode()).as(up.toString()).isZero();
            assertThat(up.output()).contains("Ferry is up", "New to Ferry? Run: bin/ferry-local demo");

            Result demo = ferryLocal(environment, DEMO_WITHIN, "demo", "--disk-mib", "64", "--progress", "plain");

            assertThat(demo.exitCode()).as(demo.toString()).isZero();
            assertThat(demo.output()).contains("[6/6] Checking the result", "Images are identical.",
                    folder.resolve("home/storage/targets/demo").toString(), "demo-vm-disk0.vhdx", "demo-vm.ps1");
        } finally {
            Result down = ferryLocal(environment, Duration.ofMinutes(2), "down");
            assertThat(down.exitCode()).as(down.toString()).isZero();
        }
        Result status = ferryLocal(environment, Duration.ofSeconds(30), "status");
        assertThat(status.output().lines()).hasSize(4).allSatisfy(line -> assertThat(line).endsWith("stopped"));
    }

    @Test
    void theDemoWithoutTheStackSaysToStartItFirst() throws Exception {
        Result demo = ferryLocal(environment(folder.resolve("empty-home")), Duration.ofMinutes(1), "demo");

        assertThat(demo.exitCode()).isEqualTo(1);
        assertThat(demo.output()).contains("is not up", "bin/ferry-local up");
    }

    private static Map<String, String> environment(Path home) throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put("FERRY_HOME", home.toString());
        environment.put("FERRY_POSTGRES_PORT", Integer.toString(freePort()));
        environment.put("FERRY_KAFKA_PORT", Integer.toString(freePort()));
        environment.put("FERRY_INVENTORY_PORT", Integer.toString(freePort()));
        environment.put("FERRY_SCHEDULER_PORT", Integer.toString(freePort()));
        environment.put("FERRY_CONVERSION_PORT", Integer.toString(freePort()));
        environment.put("FERRY_READY_TIMEOUT", Long.toString(UP_WITHIN.toSeconds() - 60));
        return environment;
    }

    private static Result ferryLocal(Map<String, String> environment, Duration within, String... arguments)
            throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("ferry.project.root", "..")).toAbsolutePath().normalize();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(root.resolve("bin/ferry-local")
                .toString()));
        command.addAll(java.util.List.of(arguments));
        Path output = Files.createTempFile("ferry-local-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                            "/dev/null")));
            builder.environment().putAll(environment);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("ferry-local " + String.join(" ", arguments) + " did not end within "
                        + within + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
