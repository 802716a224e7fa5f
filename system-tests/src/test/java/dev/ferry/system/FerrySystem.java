package dev.ferry.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ferry.localstack.Endpoints;
import dev.ferry.localstack.JwtIssuer;
import dev.ferry.localstack.ServiceProcess;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;

/**
 * Ferry's packaged services, each in its own process, against the shared test PostgreSQL and Kafka. Close it to stop
 * them; their logs stay under {@code system-tests/target/service-logs}.
 */
final class FerrySystem implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final List<ServiceProcess> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Starts the named services ("inventory", "scheduler", "conversion") and waits until each is ready. */
    static FerrySystem start(String... services) throws IOException {
        return start(Map.of(), services);
    }

    /** Starts the named services with {@code environment} added to each one's, and waits until each is ready. */
    static FerrySystem start(Map<String, String> environment, String... services) throws IOException {
        FerrySystem system = new FerrySystem();
        try {
            for (String service : services) {
                system.running.add(system.launch(service, environment));
            }
            for (ServiceProcess process : system.running) {
                process.awaitReady(READY_TIMEOUT);
            }
            return system;
        } catch (IOException | RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** A system with no service running yet; {@link #add} starts them one by one. */
    static FerrySystem empty() {
        return new FerrySystem();
    }

    /**
     * Starts {@code service} with {@code extraEnvironment} on top of the shared settings, waits until it is ready and
     * returns its index for {@link #uri}.
     */
    int add(String service, Map<String, String> extraEnvironment) throws IOException {
        ServiceProcess process = launch(service, extraEnvironment);
        running.add(process);
        process.awaitReady(READY_TIMEOUT);
        return running.size() - 1;
    }

    /** The process at {@code index}, to kill or stop it. */
    ServiceProcess process(int index) {
        return running.get(index);
    }

    ServiceProcess launch(String service, Map<String, String> extraEnvironment) throws IOException {
        Path root = Path.of(System.getProperty("ferry.project.root", ".."));
        Path jar = root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
        Endpoints endpoints = TestInfrastructure.endpoints();
        Map<String, String> environment = new java.util.HashMap<>(ServiceProcess.environmentFor(endpoints,
                TestInfrastructure.jwtPublicKey(), JwtIssuer.LOCAL_ISSUER));
        // The inventory stores source passwords encrypted; the same fixed key as the services' own tests.
        environment.put("FERRY_INVENTORY_CREDENTIALS_KEY", FerryTestResources.TEST_CREDENTIALS_KEY);
        environment.putAll(extraEnvironment);
        Path logs = Files.createDirectories(root.resolve("system-tests/target/service-logs"));
        String name = extraEnvironment.getOrDefault("FERRY_CONVERSION_WORKER_ID", service);
        return ServiceProcess.start(name, jar, 0, environment, logs.resolve(name + ".log"));
    }

    URI uri(int index, String path) {
        return running.get(index).baseUri().resolve(path);
    }

    HttpResponse<String> get(URI uri, String role) throws IOException, InterruptedException {
        return http.send(request(uri, role).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(URI uri, String role, String json) throws IOException, InterruptedException {
        return http.send(request(uri, role).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code json} with {@code authorization} as it is (a registration token rather than a user's). */
    HttpResponse<String> http(URI uri, String authorization, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code file} as application/octet-stream (an upload). */
    HttpResponse<String> postFile(URI uri, String role, Path file) throws IOException, InterruptedException {
        return http.send(request(uri, role).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(URI uri, String role) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        return role == null ? builder : builder.header("Authorization", "Bearer " + TestInfrastructure.token(role));
    }

    @Override
    public void close() {
        running.forEach(ServiceProcess::close);
    }
}
