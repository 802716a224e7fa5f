package dev.ferry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackServersTest {

    @TempDir
    Path home;

    @Test
    void postgresKeepsItsDataAcrossARestart() throws Exception {
        Path data = home.resolve("postgres");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0)) {
            String url = postgres.ensureDatabase("ferry");
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("create table kept(value text)");
                statement.execute("insert into kept values ('still here')");
            }
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0)) {
            String url = postgres.ensureDatabase("ferry");
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("select value from kept")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("still here");
            }
        }
    }

    @Test
    void aThrowAwayKafkaBrokerRemovesItsLogFolderWhenClosed() throws Exception {
        Path logs;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(null, 0);
                Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic("scratch", 1, (short) 1))).all().get();
            logs = kafka.logDirectory();
            assertThat(logs.resolve("meta.properties")).exists();
        }
        assertThat(logs).doesNotExist();
    }

    @Test
    void kafkaKeepsTopicsAcrossARestart() throws Exception {
        Path logs = home.resolve("kafka");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(logs, 0);
                Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic("kept", 3, (short) 1))).all().get();
        }
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(logs, 0);
                Admin admin = admin(kafka)) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains("kept");
        }
    }

    @Test
    void issuedTokensAreSignedWithTheSavedKey() throws Exception {
        JwtIssuer first = JwtIssuer.loadOrCreate(home.resolve("jwt"), JwtIssuer.LOCAL_ISSUER);
        JwtIssuer again = JwtIssuer.loadOrCreate(home.resolve("jwt"), JwtIssuer.LOCAL_ISSUER);

        assertThat(again.publicKeyPem()).isEqualTo(first.publicKeyPem());
        String token = first.issueForRole("operator", Duration.ofMinutes(5));
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload).contains("\"groups\":[\"operator\"]", "\"iss\":\"" + JwtIssuer.LOCAL_ISSUER + "\"");
    }

    private static Admin admin(EmbeddedKafkaBroker kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
