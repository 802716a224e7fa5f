package dev.ferry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads rendered manifests into fabric8's typed Kubernetes model, refusing what the API server would refuse: an
 * unknown apiVersion/kind, a field the kind does not have (fabric8 would otherwise keep it aside as an "additional
 * property"), a string where a number belongs. Custom resources (KEDA, Strimzi) are checked against
 * {@link CustomResourceSchema} and kept as generic resources.
 */
final class StrictManifestReader {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class));

    private final ObjectMapper strict = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule("refuse-unknown-fields").setDeserializerModifier(new NoAnySetter()))
            .build();

    private final ObjectMapper lenient = new YAMLMapper();

    /** Every object of a multi-document YAML stream; fails naming the object and the field that is wrong. */
    List<HasMetadata> read(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try {
            for (JsonNode node : lenient.readerFor(JsonNode.class).<JsonNode> readValues(yaml).readAll()) {
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    objects.add(read(node));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    HasMetadata read(JsonNode node) {
        String apiVersion = node.path("apiVersion").asText();
        String kind = node.path("kind").asText();
        String name = node.path("metadata").path("name").asText();
        String what = apiVersion + " " + kind + " " + name;
        try {
            Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
            if (type != null) {
                return strict.treeToValue(node, type);
            }
            CustomResourceSchema schema = CustomResourceSchema.of(apiVersion, kind);
            if (schema == null) {
                throw new IllegalArgumentException(what + ": not a kind Ferry's manifests are checked for");
            }
            List<String> problems = schema.check(node);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(what + ": " + String.join("; ", problems));
            }
            return lenient.treeToValue(node, GenericKubernetesResource.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": " + e.getOriginalMessage() + " at "
                    + e.getLocation() + " (" + pathOf(e) + ")", e);
        }
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            return mapping.getPathReference();
        }
        return "?";
    }

    /** Takes away the any-setter that makes fabric8's model accept every unknown field silently. */
    private static final class NoAnySetter extends BeanDeserializerModifier {
        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            builder.setIgnoreUnknownProperties(false);
            return builder;
        }
    }
}
