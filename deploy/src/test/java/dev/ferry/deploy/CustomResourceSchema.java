package dev.ferry.deploy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A small structural schema of each custom resource Ferry's manifests use (KEDA's ScaledObject and
 * TriggerAuthentication, Strimzi's Kafka, KafkaNodePool, KafkaTopic and KafkaUser): the fields each may have, which
 * are required and of what type, after the CRDs those projects publish. No cluster means no CRD to ask, and fabric8 has
 * no typed model for them; this catches misspelt or misplaced fields and wrong types the way the API server would.
 */
final class CustomResourceSchema {

    private static final Shape TEXT = new Scalar("a string", JsonNode::isTextual);
    private static final Shape INTEGER = new Scalar("an integer", JsonNode::isIntegralNumber);
    private static final Shape BOOLEAN = new Scalar("a boolean", JsonNode::isBoolean);
    private static final Shape SCALAR = new Scalar("a string, number or boolean", JsonNode::isValueNode);
    private static final Shape ANYTHING = new Scalar("anything", node -> true);

    private static final Shape METADATA = object(required("name", TEXT), optional("namespace", TEXT),
            optional("labels", mapOf(TEXT)), optional("annotations", mapOf(TEXT)));

    private static final Map<String, CustomResourceSchema> SCHEMAS = Map.of(
            "keda.sh/v1alpha1/ScaledObject", new CustomResourceSchema(object(
                    required("scaleTargetRef", object(required("name", TEXT), optional("apiVersion", TEXT),
                            optional("kind", TEXT), optional("envSourceContainerName", TEXT))),
                    optional("pollingInterval", INTEGER), optional("cooldownPeriod", INTEGER),
                    optional("initialCooldownPeriod", INTEGER), optional("idleReplicaCount", INTEGER),
                    optional("minReplicaCount", INTEGER), optional("maxReplicaCount", INTEGER),
                    optional("advanced", object(optional("restoreToOriginalReplicaCount", BOOLEAN),
                            optional("horizontalPodAutoscalerConfig", object(optional("name", TEXT),
                                    optional("behavior", ANYTHING))),
                            optional("scalingModifiers", ANYTHING))),
                    optional("fallback", object(required("failureThreshold", INTEGER), required("replicas", INTEGER),
                            optional("behavior", TEXT))),
                    required("triggers", listOf(object(required("type", TEXT), optional("name", TEXT),
                            // KEDA's trigger metadata is map[string]string: a bare number is refused.
                            required("metadata", mapOf(TEXT)), optional("metricType", TEXT),
                            optional("useCachedMetrics", BOOLEAN),
                            optional("authenticationRef", object(required("name", TEXT), optional("kind", TEXT)))))))),
            "keda.sh/v1alpha1/TriggerAuthentication", new CustomResourceSchema(object(
                    optional("secretTargetRef", listOf(object(required("parameter", TEXT), required("name", TEXT),
                            required("key", TEXT)))),
                    optional("env", listOf(object(required("parameter", TEXT), required("name", TEXT),
                            optional("containerName", TEXT)))),
                    optional("podIdentity", ANYTHING), optional("hashiCorpVault", ANYTHING),
                    optional("configMapTargetRef", ANYTHING))),
            "kafka.strimzi.io/v1beta2/KafkaTopic", new CustomResourceSchema(object(
                    optional("topicName", TEXT), optional("partitions", INTEGER), optional("replicas", INTEGER),
                    optional("config", mapOf(SCALAR)))),
            "kafka.strimzi.io/v1beta2/KafkaUser", new CustomResourceSchema(object(
                    optional("authentication", object(required("type", TEXT), optional("password", ANYTHING))),
                    optional("authorization", object(required("type", TEXT), optional("acls", listOf(object(
                            required("resource", object(required("type", TEXT), optional("name", TEXT),
                                    optional("patternType", TEXT))),
                            optional("operations", listOf(TEXT)), optional("host", TEXT), optional("type", TEXT)))))),
                    optional("quotas", ANYTHING), optional("template", ANYTHING))),
            "kafka.strimzi.io/v1beta2/KafkaNodePool", new CustomResourceSchema(object(
                    required("replicas", INTEGER), required("roles", listOf(TEXT)),
                    required("storage", object(required("type", TEXT), optional("volumes", ANYTHING),
                            optional("size", TEXT), optional("class", TEXT), optional("deleteClaim", BOOLEAN))),
                    optional("resources", ANYTHING), optional("jvmOptions", ANYTHING), optional("template", ANYTHING))),
            "kafka.strimzi.io/v1beta2/Kafka", new CustomResourceSchema(object(
                    required("kafka", object(optional("version", TEXT), optional("metadataVersion", TEXT),
                            required("listeners", listOf(object(required("name", TEXT), required("port", INTEGER),
                                    required("type", TEXT), required("tls", BOOLEAN),
                                    optional("authentication", ANYTHING), optional("configuration", ANYTHING),
                                    optional("networkPolicyPeers", ANYTHING)))),
                            optional("authorization", object(required("type", TEXT), optional("superUsers",
                                    listOf(TEXT)))),
                            optional("config", mapOf(SCALAR)), optional("storage", ANYTHING),
                            optional("resources", ANYTHING), optional("jvmOptions", ANYTHING),
                            optional("template", ANYTHING), optional("rack", ANYTHING),
                            optional("logging", ANYTHING), optional("metricsConfig", ANYTHING))),
                    optional("entityOperator", object(optional("topicOperator", ANYTHING),
                            optional("userOperator", ANYTHING), optional("template", ANYTHING))),
                    optional("cruiseControl", ANYTHING), optional("kafkaExporter", ANYTHING),
                    optional("clusterCa", ANYTHING), optional("clientsCa", ANYTHING),
                    optional("maintenanceTimeWindows", listOf(TEXT)))));

    private final Shape root;

    private CustomResourceSchema(Shape spec) {
        this.root = object(required("apiVersion", TEXT), required("kind", TEXT), required("metadata", METADATA),
                required("spec", spec));
    }

    /** The schema of {@code apiVersion}/{@code kind}, or null for a kind not known here. */
    static CustomResourceSchema of(String apiVersion, String kind) {
        return SCHEMAS.get(apiVersion + "/" + kind);
    }

    /** What is wrong with {@code resource}, each naming the field; empty when nothing is. */
    List<String> check(JsonNode resource) {
        List<String> problems = new ArrayList<>();
        root.check(resource, "", problems);
        return problems;
    }

    private static Field required(String name, Shape shape) {
        return new Field(name, true, shape);
    }

    private static Field optional(String name, Shape shape) {
        return new Field(name, false, shape);
    }

    private static Shape object(Field... fields) {
        return new ObjectShape(List.of(fields));
    }

    private static Shape listOf(Shape items) {
        return (node, path, problems) -> {
            if (!node.isArray()) {
                problems.add(path + " must be a list");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                items.check(node.get(i), path + "[" + i + "]", problems);
            }
        };
    }

    private static Shape mapOf(Shape values) {
        return (node, path, problems) -> {
            if (!node.isObject()) {
                problems.add(path + " must be a map");
                return;
            }
            node.fields().forEachRemaining(entry -> values.check(entry.getValue(), path + "." + entry.getKey(),
                    problems));
        };
    }

    private record Field(String name, boolean required, Shape shape) {
    }

    /** What a value must look like. */
    private interface Shape {
        void check(JsonNode node, String path, List<String> problems);
    }

    private record Scalar(String description, java.util.function.Predicate<JsonNode> test) implements Shape {
        @Override
        public void check(JsonNode node, String path, List<String> problems) {
            if (!test.test(node)) {
                problems.add(path + " must be " + description + ", not " + node);
            }
        }
    }

    private record ObjectShape(List<Field> fields) implements Shape {
        @Override
        public void check(JsonNode node, String path, List<String> problems) {
            if (!node.isObject()) {
                problems.add((path.isEmpty() ? "the resource" : path) + " must be an object");
                return;
            }
            Set<String> known = new java.util.HashSet<>();
            for (Field field : fields) {
                known.add(field.name());
                JsonNode value = node.get(field.name());
                if (value == null || value.isNull()) {
                    if (field.required()) {
                        problems.add(path + "." + field.name() + " is required");
                    }
                } else {
                    field.shape().check(value, path + "." + field.name(), problems);
                }
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!known.contains(name)) {
                    problems.add(path + "." + name + " is not a field here (known: " + known + ")");
                }
            }
        }
    }
}
