package dev.ferry.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server run from the binaries zonky ships in a jar, no installation or Docker needed. With a data
 * folder it keeps its data across restarts; without one it starts empty in a temporary folder.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL.
     *
     * @param dataDirectory where to keep data across restarts, or null for a throw-away server
     * @param port the port to listen on (loopback), or 0 for any free port
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200");
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDirectory == null) {
            // Throw-away test servers need no durability; fsync off makes them several times faster.
            builder.setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off");
        } else {
            builder.setDataDirectory(dataDirectory.toFile()).setCleanDataDirectory(false);
        }
        return new EmbeddedPostgresServer(builder.start());
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates {@code database} unless it exists, and returns the endpoints to reach it. */
    public String ensureDatabase(String database) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, database);
                try (ResultSet result = query.executeQuery()) {
                    if (!result.next()) {
                        try (Statement create = connection.createStatement()) {
                            create.execute("create database \"" + database.replace("\"", "") + "\"");
                        }
                    }
                }
            }
        }
        return jdbcUrl(database);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
