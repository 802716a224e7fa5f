package dev.ferry.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), running inside this JVM. With a log
 * folder it keeps topics and offsets across restarts; without one it starts empty in a temporary folder, which closing
 * it removes.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDirectory;
    private final boolean throwAway;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDirectory,
            boolean throwAway) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDirectory = logDirectory;
        this.throwAway = throwAway;
    }

    /**
     * Starts a broker.
     *
     * @param logDirectory where the broker keeps its data, formatted on first use; or null for a throw-away broker
     * @param port the client port on loopback, or 0 for any free port
     */
    public static EmbeddedKafkaBroker start(Path logDirectory, int port) throws IOException {
        boolean throwAway = logDirectory == null;
        Path folder = throwAway ? Files.createTempDirectory("ferry-kafka") : Files.createDirectories(logDirectory);
        int clientPort = port > 0 ? port : freePort();
        int controllerPort = freePort();
        Properties properties = serverProperties(folder, clientPort, controllerPort);
        formatIfNeeded(folder, properties);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, "127.0.0.1:" + clientPort, folder, throwAway);
        broker.awaitReady();
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its topics. */
    public Path logDirectory() {
        return logDirectory;
    }

    private static Properties serverProperties(Path logDirectory, int clientPort, int controllerPort) {
        Properties properties = new Properties();
        properties.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDirectory.toAbsolutePath().toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // Ferry's services create their topics with the partitions they need; nothing appears by accident.
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1")));
        return properties;
    }

    private static void formatIfNeeded(Path logDirectory, Properties properties) throws IOException {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Path config = logDirectory.resolveSibling(logDirectory.getFileName() + ".properties");
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "Ferry local Kafka broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString() }, new PrintStream(output, true, StandardCharsets.UTF_8));
        Files.deleteIfExists(config);
        if (status != 0) {
            throw new IOException("formatting the Kafka log folder failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IOException("Kafka did not become ready within " + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (throwAway) {
            ScratchFolders.deleteQuietly(logDirectory);
        }
    }
}
