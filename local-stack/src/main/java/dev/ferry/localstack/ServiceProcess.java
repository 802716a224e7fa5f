package dev.ferry.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Ferry service ({@code target/quarkus-app/quarkus-run.jar}) run as its own process, the way it runs in
 * production: configured only through environment variables, with its log in a file.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code jar} with {@code environment} added to this process's environment, and the HTTP port set to
     * {@code port} (0 picks a free one).
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path log)
            throws IOException {
        return start(name, jar, port, environment, log, true);
    }

    /**
     * Starts {@code jar} with exactly {@code environment} and the HTTP port, inheriting no variable from this process:
     * the way a container starts it, so that a setting missing from {@code environment} is missing for the service.
     */
    public static ServiceProcess startIsolated(String name, Path jar, int port, Map<String, String> environment,
            Path log) throws IOException {
        return start(name, jar, port, environment, log, false);
    }

    private static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path log,
            boolean inherit) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " does not exist: build the services first (./mvnw package -DskipTests)");
        }
        int httpPort = port > 0 ? port : EmbeddedKafkaBroker.freePort();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!inherit) {
            builder.environment().clear();
        }
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        Files.createDirectories(log.getParent());
        return new ServiceProcess(name, builder.start(), httpPort, log);
    }

    /** The environment variables that point a service at {@code endpoints} and make it trust {@code publicKey}. */
    public static Map<String, String> environmentFor(Endpoints endpoints, Path publicKey, String issuer) {
        return Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", endpoints.username(),
                "QUARKUS_DATASOURCE_PASSWORD", endpoints.password(),
                "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toUri().toString(),
                "MP_JWT_VERIFY_ISSUER", issuer);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until {@code /q/health/ready} answers 200, the process dies, or {@code timeout} passes. */
    public void awaitReady(Duration timeout) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with status " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Asks the service to stop (SIGTERM) and waits for it; kills it if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the service at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
