package dev.ferry.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the infrastructure of a one-machine Ferry: PostgreSQL with its data under {@code <home>/postgres}, a Kafka
 * broker with its log under {@code <home>/kafka}, a JWT key pair under {@code <home>/jwt} and a token per role under
 * {@code <home>/tokens}. Writes {@code <home>/stack.env} with what services need to connect, then runs until
 * stopped. {@code bin/ferry-local} starts it as its own process.
 *
 * <p>
 * Usage: {@code LocalStack --home DIR [--postgres-port N] [--kafka-port N]}
 */
public final class LocalStack {

    private static final Duration TOKEN_LIFETIME = Duration.ofDays(30);

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path home = Path.of(options.getOrDefault("--home", ".ferry")).toAbsolutePath();
        int postgresPort = Integer.parseInt(options.getOrDefault("--postgres-port", "15432"));
        int kafkaPort = Integer.parseInt(options.getOrDefault("--kafka-port", "19092"));
        Files.createDirectories(home);

        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), postgresPort);
        String jdbcUrl = postgres.ensureDatabase("ferry");
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(home.resolve("kafka"), kafkaPort);

        JwtIssuer issuer = JwtIssuer.loadOrCreate(home.resolve("jwt"), JwtIssuer.LOCAL_ISSUER);
        issuer.writeRoleTokens(home.resolve("tokens"), TOKEN_LIFETIME);
        writeEnvironment(home, jdbcUrl, kafka.bootstrapServers(), issuer);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "local-stack-stop"));
        System.out.println("local stack ready: postgres " + jdbcUrl + ", kafka " + kafka.bootstrapServers());
        stopped.await();
    }

    private static void writeEnvironment(Path home, String jdbcUrl, String kafka, JwtIssuer issuer)
            throws IOException {
        String environment = "# Written by the local stack; read by bin/ferry-local.\n"
                + "QUARKUS_DATASOURCE_JDBC_URL=" + jdbcUrl + "\n"
                + "QUARKUS_DATASOURCE_USERNAME=" + EmbeddedPostgresServer.USER + "\n"
                + "QUARKUS_DATASOURCE_PASSWORD=postgres\n"
                + "KAFKA_BOOTSTRAP_SERVERS=" + kafka + "\n"
                + "MP_JWT_VERIFY_PUBLICKEY_LOCATION=" + home.resolve("jwt/public.pem").toUri() + "\n"
                + "MP_JWT_VERIFY_ISSUER=" + issuer.issuer() + "\n"
                + "FERRY_INVENTORY_CREDENTIALS_KEY=" + credentialsKey(home) + "\n"
                + "FERRY_INVENTORY_STORAGE_ROOT=" + home.resolve("storage/inventory") + "\n";
        Path file = home.resolve("stack.env");
        Files.writeString(home.resolve("stack.env.tmp"), environment);
        Files.move(home.resolve("stack.env.tmp"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The inventory's key for source passwords: made once, kept under the home folder like the JWT key. */
    private static String credentialsKey(Path home) throws IOException {
        Path file = home.resolve("credentials.key");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            PrivateFiles.write(file, java.util.Base64.getEncoder().encodeToString(key));
        }
        return Files.readString(file).strip();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: LocalStack --home DIR [--postgres-port N] [--kafka-port N]");
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }
}
