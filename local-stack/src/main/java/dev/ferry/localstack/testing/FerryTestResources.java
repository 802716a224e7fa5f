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
                "mp.jwt.verify.issuer", JwtIssuer.LOCAL_ISSUER);
    }

    @Override
    public void stop() {
        // The servers are shared by every test in the JVM and stop with it.
    }
}
