package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import dev.ferry.events.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Ferry's topics are declared once for operators (topics.conf, and Strimzi KafkaTopics), and the declarations cannot
 * drift from the code's topics ({@link Topics#ALL}) or from each other.
 */
class TopicDeclarationsTest {

    @Test
    void topicsConfDeclaresExactlyTheTopicsOfTheCodeWithTheirCompaction() {
        List<TopicDeclarations.Topic> declared = TopicDeclarations.read();
        assertThat(declared).extracting(TopicDeclarations.Topic::name)
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        for (Topics.TopicSpec spec : Topics.ALL) {
            TopicDeclarations.Topic topic = TopicDeclarations.named(spec.name());
            assertThat(topic.compacted()).as(spec.name() + " compacted").isEqualTo(spec.compacted());
            assertThat(topic.partitions()).as(spec.name() + " partitions").isPositive();
            if (!spec.compacted()) {
                assertThat(topic.settings()).as(spec.name() + " keeps a time window").containsKey("retention.ms");
            }
        }
    }

    @Test
    void topicSettingsAreKafkaTopicSettings() throws IllegalAccessException {
        Set<String> known = new HashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")) {
                known.add((String) field.get(null));
            }
        }
        for (TopicDeclarations.Topic topic : TopicDeclarations.read()) {
            assertThat(topic.settings().keySet()).as(topic.name()).isSubsetOf(known);
        }
    }

    @Test
    void strimziTopicsMatchTopicsConfReplicatedThreeTimes() {
        Manifests strimzi = Manifests.render(ProjectFiles.k8s().resolve("strimzi"));
        String cluster = strimzi.custom("Kafka").get(0).getMetadata().getName();
        List<GenericKubernetesResource> kafkaTopics = strimzi.custom("KafkaTopic");
        assertThat(kafkaTopics).hasSameSizeAs(TopicDeclarations.read());
        for (GenericKubernetesResource kafkaTopic : kafkaTopics) {
            Map<String, Object> spec = kafkaTopic.get("spec");
            TopicDeclarations.Topic declared = TopicDeclarations.named((String) spec.get("topicName"));
            String what = "KafkaTopic " + declared.name();
            assertThat(kafkaTopic.getMetadata().getLabels()).as(what).containsEntry("strimzi.io/cluster", cluster);
            assertThat(spec.get("partitions")).as(what).isEqualTo(declared.partitions());
            assertThat(spec.get("replicas")).as(what).isEqualTo(3);
            Map<String, Object> config = kafkaTopic.get("spec", "config");
            declared.settings().forEach((key, value) -> assertThat(String.valueOf(config.get(key)))
                    .as(what + " " + key).isEqualTo(value));
            assertThat(config).as(what).containsEntry("min.insync.replicas", 2)
                    .hasSize(declared.settings().size() + 1);
        }
        Map<String, Object> brokerConfig = strimzi.custom("Kafka").get(0).get("spec", "kafka", "config");
        assertThat(brokerConfig).containsEntry("auto.create.topics.enable", false);
    }

    @Test
    void theDevBrokerCreatesNoTopicOfItsOwnAndTheJobCreatesTheDeclaredOnes() {
        Manifests dev = Overlays.rendered("dev");
        StatefulSet kafka = dev.named(StatefulSet.class, "ferry-kafka");
        assertThat(kafka.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(variable -> variable.getName().equals("KAFKA_AUTO_CREATE_TOPICS_ENABLE")
                        && variable.getValue().equals("false"));
        Map<String, String> job = ContainerEnvironment.of(dev.workload("ferry-create-topics").template().getSpec()
                .getContainers().get(0), dev, Set.of());
        assertThat(job).containsEntry("REPLICATION_FACTOR", "1").containsKey("KAFKA_BOOTSTRAP_SERVERS");
        String topicsConf = dev.configMapData(dev.workload("ferry-create-topics").template().getSpec().getVolumes()
                .stream().filter(volume -> volume.getConfigMap() != null).findFirst().orElseThrow().getConfigMap()
                .getName()).orElseThrow().get("topics.conf");
        assertThat(Arrays.stream(topicsConf.split("\n")).filter(line -> line.startsWith("ferry.")).count())
                .isEqualTo(Topics.ALL.size());
    }
}
