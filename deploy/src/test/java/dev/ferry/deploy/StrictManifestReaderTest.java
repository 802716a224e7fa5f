package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The strict read refuses what the API server would: unknown fields, wrong types, unknown kinds. */
class StrictManifestReaderTest {

    private final StrictManifestReader reader = new StrictManifestReader();

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: example
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: example
              template:
                metadata:
                  labels:
                    app: example
                spec:
                  containers:
                    - name: example
                      image: example:1.0
                      resources:
                        limits:
                          memory: 1Gi
            """;

    @Test
    void readsAValidDeploymentIntoTheTypedModel() {
        assertThat(reader.read(DEPLOYMENT)).singleElement().isInstanceOfSatisfying(Deployment.class,
                deployment -> assertThat(deployment.getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void refusesAFieldTheKindDoesNotHave() {
        String misspelt = DEPLOYMENT.replace("image: example:1.0",
                "imagePullPolicyy: Always\n          image: example:1.0");
        assertThatThrownBy(() -> reader.read(misspelt)).hasMessageContaining("Deployment example")
                .hasMessageContaining("imagePullPolicyy");
    }

    @Test
    void refusesAFieldAtTheWrongLevel() {
        String misplaced = DEPLOYMENT.replace("  replicas: 2", "  replicas: 2\n  serviceAccountName: example");
        assertThatThrownBy(() -> reader.read(misplaced)).hasMessageContaining("serviceAccountName");
    }

    @Test
    void refusesAStringWhereANumberBelongs() {
        assertThatThrownBy(() -> reader.read(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
                .hasMessageContaining("Deployment example");
    }

    @Test
    void refusesAKindItDoesNotKnow() {
        assertThatThrownBy(() -> reader.read(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet")))
                .hasMessageContaining("not a kind");
    }

    @Test
    void checksCustomResourcesAgainstTheirSchema() {
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: workers
                spec:
                  scaleTargetRef:
                    name: workers
                  maxReplicaCount: 4
                  triggers:
                    - type: kafka
                      metadata:
                        topic: requests
                        lagThreshold: "2"
                """;
        assertThat(reader.read(scaledObject)).singleElement().isInstanceOf(GenericKubernetesResource.class);
        assertThatThrownBy(() -> reader.read(scaledObject.replace("lagThreshold: \"2\"", "lagThreshold: 2")))
                .hasMessageContaining(".spec.triggers[0].metadata.lagThreshold must be a string");
        assertThatThrownBy(() -> reader.read(scaledObject.replace("maxReplicaCount", "maxReplicas")))
                .hasMessageContaining(".spec.maxReplicas is not a field here");
        assertThatThrownBy(() -> reader.read(scaledObject.replace("- type: kafka\n      metadata:", "- metadata:")))
                .hasMessageContaining(".spec.triggers[0].type is required");
    }
}
