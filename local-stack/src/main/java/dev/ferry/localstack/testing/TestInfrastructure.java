package dev.ferry.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import dev.ferry.localstack.EmbeddedKafkaBroker;
import dev.ferry.localstack.EmbeddedPostgresServer;
import dev.ferry.localstack.Endpoints;
import dev.ferry.localstack.JwtIssuer;
import dev.ferry.localstack.ScratchFolders;

/**
 * The PostgreSQL server and Kafka broker tests run against, started once per JVM and shared by every test in it.
 * Picks, in order: servers named by {@code FERRY_TEST_JDBC_URL} and {@code FERRY_TEST_KAFKA_BOOTSTRAP} (a fresh
 * database is created there for the run), containers when a Docker engine answers, or embedded real servers.
 *
 * <p>
 * Quarkus may load this class in more than one class loader, so what was started is published as system
 * properties and any later caller reuses it instead of starting a second set.
 */
public final class TestInfrastructure {

    private static final String JDBC_URL = "ferry.test.jdbc-url";
    private static final String JDBC_USER = "ferry.test.jdbc-user";
    private static final String JDBC_PASSWORD = "ferry.test.jdbc-password";
    private static final String KAFKA = "ferry.test.kafka-bootstrap";
    private static final String JWT_FOLDER = "ferry.test.jwt-folder";

    private TestInfrastructure() {
    }

    /** Starts the servers on first call; later calls, from any class loader, return the same endpoints. */
    public static synchronized Endpoints endpoints() {
        if (System.getProperty(JDBC_URL) == null) {
            publish(start());
        }
        return new Endpoints(System.getProperty(JDBC_URL), System.getProperty(JDBC_USER),
                System.getProperty(JDBC_PASSWORD), System.getProperty(KAFKA));
    }

    /** The issuer of test tokens, whose public key the services under test trust. */
    public static synchronized JwtIssuer jwtIssuer() {
        try {
            String folder = System.getProperty(JWT_FOLDER);
            if (folder == null) {
                folder = ScratchFolders.create("ferry-test-jwt").toString();
                System.setProperty(JWT_FOLDER, folder);
            }
            return JwtIssuer.loadOrCreate(Path.of(folder), JwtIssuer.LOCAL_ISSUER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the test issuer's public key lives, for {@code mp.jwt.verify.publickey.location}. */
    public static Path jwtPublicKey() {
        jwtIssuer();
        return Path.of(System.getProperty(JWT_FOLDER), "public.pem");
    }

    /** A bearer token for a user with {@code role}, valid for an hour. */
    public static String token(String role) {
        return jwtIssuer().issueForRole(role, java.time.Duration.ofHours(1));
    }

    private static void publish(Endpoints endpoints) {
        System.setProperty(JDBC_URL, endpoints.jdbcUrl());
        System.setProperty(JDBC_USER, endpoints.username());
        System.setProperty(JDBC_PASSWORD, endpoints.password());
        System.setProperty(KAFKA, endpoints.kafkaBootstrapServers());
    }

    private static Endpoints start() {
        String externalJdbc = System.getenv("FERRY_TEST_JDBC_URL");
        String externalKafka = System.getenv("FERRY_TEST_KAFKA_BOOTSTRAP");
        try {
            if (externalJdbc != null && externalKafka != null) {
                return external(externalJdbc, externalKafka);
            }
            if (ContainerInfrastructure.dockerAvailable()) {
                return ContainerInfrastructure.start();
            }
            return embedded();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test infrastructure", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the test database", e);
        }
    }

    private static Endpoints external(String jdbcUrl, String kafka) throws SQLException {
        String user = System.getenv().getOrDefault("FERRY_TEST_JDBC_USER", "postgres");
        String password = System.getenv().getOrDefault("FERRY_TEST_JDBC_PASSWORD", "postgres");
        String database = "ferry_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + database.toLowerCase(Locale.ROOT));
        }
        String base = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1);
        return new Endpoints(base + database, user, password, kafka);
    }

    private static Endpoints embedded() throws IOException, SQLException {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(null, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            try {
                postgres.close();
            } catch (IOException e) {
                // The JVM is going away; a failed stop leaves only a temporary folder behind.
            }
        }, "ferry-test-infrastructure-stop"));
        String jdbcUrl = postgres.ensureDatabase("ferry");
        return new Endpoints(jdbcUrl, EmbeddedPostgresServer.USER, "postgres", kafka.bootstrapServers());
    }
}
