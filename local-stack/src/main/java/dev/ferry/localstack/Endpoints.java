package dev.ferry.localstack;

/**
 * How to reach the PostgreSQL database and Kafka broker a Ferry deployment uses.
 *
 * @param jdbcUrl JDBC URL of the database
 * @param username database user
 * @param password database password
 * @param kafkaBootstrapServers Kafka bootstrap servers (host:port,...)
 */
public record Endpoints(String jdbcUrl, String username, String password, String kafkaBootstrapServers) {

    @Override
    public String toString() {
        return "Endpoints[jdbcUrl=" + jdbcUrl + ", username=" + username + ", kafka=" + kafkaBootstrapServers + "]";
    }
}
