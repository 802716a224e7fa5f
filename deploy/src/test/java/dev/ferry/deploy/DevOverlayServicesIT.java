package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.localstack.Endpoints;
import dev.ferry.localstack.ScratchFolders;
import dev.ferry.localstack.ServiceProcess;
import dev.ferry.localstack.testing.TestInfrastructure;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;

/**
 * Each packaged service, started with nothing but the environment the dev overlay gives its container (the ConfigMap
 * and Secret values kustomize renders), becomes ready and accepts the dev overlay's tokens. Only what cannot exist
 * outside a cluster is changed: the addresses of the in-cluster PostgreSQL, Kafka and inventory point at the test's,
 * and mounted volumes are folders holding what Kubernetes would put there. What the overlay creates before the
 * services start is created the same way: a login role per service (its PostgreSQL init script) and the declared
 * topics (topics.conf, as its Job does).
 */
class DevOverlayServicesIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Path TOKENS = ProjectFiles.overlay("dev").resolve("tokens");

    private static final Map<String, ServiceProcess> RUNNING = new LinkedHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Manifests dev;

    @BeforeAll
    static void startEachServiceWithTheDevOverlaysEnvironment() throws Exception {
        dev = Overlays.rendered("dev");
        Endpoints endpoints = TestInfrastructure.endpoints();
        createServiceRoles(endpoints);
        createTopics(endpoints);
        Path volumes = ScratchFolders.create("ferry-dev-volumes");
        PodFiles files = new PodFiles(volumes, dev);
        // The inventory first: conversion workers are configured with its address.
        start("inventory", endpoints, files);
        RUNNING.get("inventory").awaitReady(READY_TIMEOUT);
        start("scheduler", endpoints, files);
        start("conversion", endpoints, files);
        for (ServiceProcess process : RUNNING.values()) {
            process.awaitReady(READY_TIMEOUT);
        }
    }

    @AfterAll
    static void stop() {
        RUNNING.values().forEach(ServiceProcess::close);
    }

    @ParameterizedTest
    @ValueSource(strings = { "inventory", "scheduler", "conversion" })
    void everyProbeTheManifestsDeclareAnswers(String service) throws Exception {
        Container container = ServiceSettingsTest.container(dev, service);
        for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                container.getLivenessProbe())) {
            assertThat(get(service, probe.getHttpGet().getPath(), null).statusCode())
                    .as(service + " " + probe.getHttpGet().getPath()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "inventory:/api/v1/machines", "scheduler:/api/v1/profiles",
            "conversion:/api/v1/worker" })
    void servicesAcceptTheDevTokensAndRefuseRequestsWithout(String serviceAndPath) throws Exception {
        String service = serviceAndPath.substring(0, serviceAndPath.indexOf(':'));
        String path = serviceAndPath.substring(service.length() + 1);
        assertThat(get(service, path, "viewer.jwt").statusCode()).as(serviceAndPath).isEqualTo(200);
        assertThat(get(service, path, null).statusCode()).as(serviceAndPath + " without a token").isEqualTo(401);
    }

    @Test
    void theConversionWorkersTokenMayReadSourceCredentialsAndAViewersMayNot() throws Exception {
        String path = "/api/v1/sources/" + UUID.randomUUID() + "/credentials";
        // Not found: the token was accepted and its role allowed, there is just no such source.
        assertThat(get("inventory", path, "conversion-worker.jwt").statusCode()).isEqualTo(404);
        assertThat(get("inventory", path, "admin.jwt").statusCode()).isEqualTo(403);
    }

    private static void start(String service, Endpoints endpoints, PodFiles files) throws IOException {
        Manifests.Workload workload = dev.workload("ferry-" + service);
        Container container = ServiceSettingsTest.container(dev, service);
        Map<String, Path> mounts = files.mount(workload, container);
        Map<String, String> environment = new LinkedHashMap<>();
        ContainerEnvironment.of(container, dev, Set.of()).forEach((name, value) -> environment.put(name,
                PodFiles.relocate(outsideTheCluster(value, endpoints), mounts)));
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            for (Service clusterService : dev.all(Service.class)) {
                assertThat(variable.getValue()).as(service + " " + variable.getKey() + " left in the cluster")
                        .doesNotContain(clusterService.getMetadata().getName() + ":");
            }
        }
        Path jar = ProjectFiles.module(service).resolve("target/quarkus-app/quarkus-run.jar");
        Path log = ProjectFiles.root().resolve("deploy/target/service-logs/" + service + ".log");
        RUNNING.put(service, ServiceProcess.startIsolated(service, jar, 0, environment, log));
    }

    /** The in-cluster addresses of the dev overlay, pointed at the test's servers and the started inventory. */
    private static String outsideTheCluster(String value, Endpoints endpoints) {
        String postgres = address("ferry-postgres");
        String kafka = address("ferry-kafka");
        String inventory = address("ferry-inventory");
        String relocated = value.replaceAll("jdbc:postgresql://" + postgres + "/[A-Za-z0-9_]+",
                endpoints.jdbcUrl()).replace(kafka, endpoints.kafkaBootstrapServers());
        ServiceProcess started = RUNNING.get("inventory");
        return started == null ? relocated
                : relocated.replace("http://" + inventory, "http://127.0.0.1:" + started.port());
    }

    /** host:port of a Service of the dev overlay (which must exist). */
    private static String address(String service) {
        return service + ":" + dev.named(Service.class, service).getSpec().getPorts().get(0).getPort();
    }

    /** A login role per service, by the dev overlay's PostgreSQL init script, with the users of its Secrets. */
    private static void createServiceRoles(Endpoints endpoints) throws SQLException {
        String script = dev.configMapData(dev.workload("ferry-postgres").template().getSpec().getVolumes().stream()
                .filter(volume -> volume.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName())
                .orElseThrow().get("ferry-role.psql");
        // The environment ferry-roles.sh runs with in the PostgreSQL container: FERRY_<SERVICE>_DB_USER/PASSWORD.
        Map<String, String> postgres = ContainerEnvironment.of(dev.workload("ferry-postgres").template().getSpec()
                .getContainers().get(0), dev, Set.of());
        String database = endpoints.jdbcUrl().substring(endpoints.jdbcUrl().lastIndexOf('/') + 1);
        try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(),
                endpoints.password()); Statement statement = connection.createStatement()) {
            for (String service : ProjectFiles.SERVICES) {
                String prefix = "FERRY_" + service.toUpperCase(java.util.Locale.ROOT) + "_DB_";
                String role = "\"" + postgres.get(prefix + "USER") + "\"";
                String password = "'" + postgres.get(prefix + "PASSWORD").replace("'", "''") + "'";
                String sql = script.replaceAll("(?m)^--.*$", "").replace(":\"role\"", role)
                        .replace(":'password'", password).replace(":\"database\"", "\"" + database + "\"");
                for (String command : sql.split(";")) {
                    if (!command.isBlank()) {
                        executeIgnoringExistingRole(statement, command, role, password);
                    }
                }
            }
        }
    }

    private static void executeIgnoringExistingRole(Statement statement, String command, String role,
            String password) throws SQLException {
        try {
            statement.execute(command);
        } catch (SQLException e) {
            // A server of one's own (FERRY_TEST_JDBC_URL) may have the role from an earlier run.
            if (!"42710".equals(e.getSQLState())) {
                throw e;
            }
            statement.execute("ALTER ROLE " + role + " PASSWORD " + password);
        }
    }

    /** The declared topics, as the dev overlay's Job creates them (one replica: one broker). */
    private static void createTopics(Endpoints endpoints) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            for (TopicDeclarations.Topic topic : TopicDeclarations.read()) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.settings()))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static HttpResponse<String> get(String service, String path, String tokenFile)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + RUNNING.get(service).port() + path)).timeout(Duration.ofSeconds(30)).GET();
        if (tokenFile != null) {
            request.header("Authorization", "Bearer " + Files.readString(TOKENS.resolve(tokenFile)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
