package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.events.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/**
 * Replicas: one of each in dev; in prod several API replicas and conversion workers scaled by exactly one autoscaler,
 * KEDA on the lag of the workers' group on the request topic, or the CPU fallback, never past the topic's partitions.
 */
class AutoscalingTest {

    private static final int REQUEST_PARTITIONS = TopicDeclarations.named(Topics.CONVERSION_REQUESTS).partitions();

    @Test
    void devRunsOneReplicaOfEach() {
        for (Deployment deployment : Overlays.rendered("dev").all(Deployment.class)) {
            Integer replicas = deployment.getSpec().getReplicas();
            assertThat(replicas == null ? 1 : replicas).as(deployment.getMetadata().getName()).isEqualTo(1);
        }
    }

    @Test
    void prodRunsSeveralApiReplicasAndLeavesWorkerReplicasToItsAutoscaler() {
        Manifests prod = Overlays.rendered("prod");
        assertThat(prod.named(Deployment.class, "ferry-inventory").getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(prod.named(Deployment.class, "ferry-scheduler").getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        // A replica count in the manifest would be reset by every `kubectl apply`, fighting the autoscaler.
        assertThat(prod.named(Deployment.class, "ferry-conversion").getSpec().getReplicas()).isNull();
        assertThat(prod.custom("ScaledObject")).hasSize(1);
        assertThat(prod.all(HorizontalPodAutoscaler.class)).isEmpty();
    }

    @Test
    void kedaScalesWorkersOnTheLagOfTheirGroupOnTheRequestTopic() {
        Manifests prod = Overlays.rendered("prod");
        GenericKubernetesResource scaledObject = prod.custom("ScaledObject").get(0);
        assertThat((String) scaledObject.get("spec", "scaleTargetRef", "name")).isEqualTo("ferry-conversion");
        List<Map<String, Object>> triggers = scaledObject.get("spec", "triggers");
        assertThat(triggers).singleElement().satisfies(trigger -> assertThat(trigger).containsEntry("type", "kafka"));
        @SuppressWarnings("unchecked")
        Map<String, String> kafka = (Map<String, String>) triggers.get(0).get("metadata");
        ServiceSettings conversion = ServiceSettings.of("conversion");
        Map<String, String> environment = ServiceSettingsTest.environment(prod, "conversion", "prod");
        assertThat(kafka).containsEntry("topic", Topics.CONVERSION_REQUESTS)
                .containsEntry("consumerGroup", conversion.value("mp.messaging.incoming.conversion-requests.group.id"))
                .containsEntry("bootstrapServers", environment.get("KAFKA_BOOTSTRAP_SERVERS"))
                // Requests stay unacknowledged while converted: lag counts running jobs, one worker takes this many.
                .containsEntry("lagThreshold", environment.get("FERRY_CONVERSION_CONCURRENT_JOBS"))
                .containsEntry("allowIdleConsumers", "false");
        assertThat((Integer) scaledObject.get("spec", "maxReplicaCount")).isLessThanOrEqualTo(REQUEST_PARTITIONS);
        String authentication = (String) ((Map<?, ?>) triggers.get(0).get("authenticationRef")).get("name");
        assertThat(prod.custom("TriggerAuthentication")).extracting(resource -> resource.getMetadata().getName())
                .containsExactly(authentication);
    }

    @Test
    void theCpuFallbackScalesTheWorkersWithinTheRequestTopicsPartitions(@TempDir Path overlay) throws IOException {
        // An overlay with the other component, as the README tells operators without KEDA to make (kustomize
        // takes only relative paths).
        Path k8s = ProjectFiles.k8s();
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                components:
                  - %s
                """.formatted(overlay.relativize(k8s.resolve("base")),
                overlay.relativize(k8s.resolve("components/autoscaling-cpu"))));
        Manifests manifests = Manifests.render(overlay);
        assertThat(manifests.custom("ScaledObject")).isEmpty();
        HorizontalPodAutoscaler autoscaler = manifests.named(HorizontalPodAutoscaler.class, "ferry-conversion");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("ferry-conversion");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getMaxReplicas()).isLessThanOrEqualTo(REQUEST_PARTITIONS);
        assertThat(autoscaler.getSpec().getMetrics()).singleElement()
                .satisfies(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
    }
}
