package dev.ferry.localstack.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.ferry.localstack.Endpoints;

/**
 * PostgreSQL and Kafka in containers, for machines with a Docker engine. Testcontainers is an optional dependency:
 * where it is absent this class reports Docker as unavailable.
 */
final class ContainerInfrastructure {

    private static final String POSTGRES_IMAGE = "postgres:17-alpine";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    private ContainerInfrastructure() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (NoClassDefFoundError | RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // Ryuk removes the containers when the JVM ends.
    static Endpoints start() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("ferry");
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        postgres.start();
        kafka.start();
        return new Endpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                kafka.getBootstrapServers());
    }
}
