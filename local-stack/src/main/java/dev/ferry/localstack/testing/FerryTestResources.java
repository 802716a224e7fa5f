package dev.ferry.localstack.testing;

import java.util.Map;

import dev.ferry.localstack.Endpoints;
import dev.ferry.localstack.JwtIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus service under test at the shared real PostgreSQL and Kafka, and makes it trust the test token
 * issuer. Use with {@code @QuarkusTestResource(FerryTestResources.class)} once per test module.
 */
public class FerryTestResources implements QuarkusTestResourceLifecycleManager {

    /** The inventory's credentials key in tests (base64 of 32 bytes; not a secret). */
    public static final String TEST_CREDENTIALS_KEY = "ZmVycnktdGVzdC1jcmVkZW50aWFscy1rZXktMzJieXQ=";

    @Override
    public Map<String, String> start() {
        Endpoints endpoints = TestInfrastructure.endpoints();
        return Map.of(
                "quarkus.datasource.jdbc.url", endpoints.jdbcUrl(),
                "quarkus.datasource.username", endpoints.username(),
                "quarkus.datasource.password", endpoints.password(),
                "kafka.bootstrap.servers", endpoints.kafkaBootstrapServers(),
                // Content rather than location: it takes precedence over the key pair Quarkus generates for tests.
                "mp.jwt.verify.publickey", TestInfrastructure.jwtIssuer().publicKeyPem(),
                "mp.jwt.verify.issuer", JwtIssuer.LOCAL_ISSUER,
                // A fixed test key: the inventory stores source passwords encrypted with it.
                "ferry.inventory.credentials-key", TEST_CREDENTIALS_KEY);
    }

    @Override
    public void stop() {
        // The servers are shared by every test in the JVM and stop with it.
    }
}
