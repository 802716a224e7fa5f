package dev.ferry.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.ferry.events.Topics;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates Ferry's topics at start-up when they are missing, with the partitions and replication configured, and log
 * compaction for the machine topic. Existing topics are left exactly as they are.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    @Inject
    MessagingConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    // Before the messaging connectors start, so consumers subscribe to topics that exist.
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) {
        if (config.topics().create()) {
            createMissing(Topics.ALL);
        }
    }

    /** Creates those of {@code topics} that do not exist yet. */
    public void createMissing(List<Topics.TopicSpec> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(this::newTopic)
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                LOG.warnf("could not create Ferry's topics (create them ahead of time): %s", e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warnf("Kafka did not answer within 30 s; topics were not checked");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private NewTopic newTopic(Topics.TopicSpec spec) {
        NewTopic topic = new NewTopic(spec.name(), config.topics().partitions(), config.topics().replicationFactor());
        if (spec.compacted()) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }
}
