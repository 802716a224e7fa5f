package dev.ferry.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Configuration of the outbox relay, the inbox and topic provisioning ({@code ferry.messaging.*}). */
@ConfigMapping(prefix = "ferry.messaging")
public interface MessagingConfig {

    /** The CloudEvents {@code source} of events this service publishes, such as "/ferry/inventory". */
    @WithDefault("/ferry/${quarkus.application.name:service}")
    String source();

    Outbox outbox();

    Inbox inbox();

    Topics topics();

    /** The relay that moves outbox rows to Kafka. */
    interface Outbox {

        /** How often the relay looks for rows it was not told about (other replicas' rows, rows left by a crash). */
        @WithDefault("2s")
        Duration pollInterval();

        /** Rows sent per round trip. */
        @WithDefault("500")
        int batchSize();

        /** How long to wait for Kafka to acknowledge a batch before trying again later. */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    /** The record of handled events. */
    interface Inbox {

        /** How long a handled event id is remembered; redeliveries older than this are not expected. */
        @WithDefault("P7D")
        Duration retention();
    }

    /** Creation of Ferry's topics at start-up. */
    interface Topics {

        /** Whether to create missing topics; off where operators manage topics (Strimzi KafkaTopic). */
        @WithDefault("true")
        boolean create();

        @WithDefault("6")
        int partitions();

        @WithName("replication-factor")
        @WithDefault("1")
        short replicationFactor();
    }
}
