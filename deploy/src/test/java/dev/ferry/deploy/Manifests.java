package dev.ferry.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** The objects one kustomization renders to, read strictly, with the look-ups the checks need. */
final class Manifests {

    private final String source;
    private final List<HasMetadata> objects;

    private Manifests(String source, List<HasMetadata> objects) {
        this.source = source;
        this.objects = List.copyOf(objects);
    }

    /** Renders the kustomization in {@code directory} with kubectl and reads every object. */
    static Manifests render(Path directory) {
        return new Manifests(directory.getFileName().toString(),
                new StrictManifestReader().read(Kustomize.build(directory)));
    }

    static Manifests renderOverlay(String overlay) {
        return render(ProjectFiles.overlay(overlay));
    }

    String source() {
        return source;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                source + " has no " + type.getSimpleName() + " named " + name));
    }

    /** Custom resources of {@code kind} (KEDA, Strimzi), as generic objects. */
    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(resource -> resource.getKind().equals(kind))
                .toList();
    }

    /** Everything that runs pods: Deployments, StatefulSets and Jobs, with their pod templates. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment deployment : all(Deployment.class)) {
            workloads.add(new Workload(deployment, deployment.getSpec().getTemplate(),
                    deployment.getSpec().getReplicas()));
        }
        for (StatefulSet statefulSet : all(StatefulSet.class)) {
            workloads.add(new Workload(statefulSet, statefulSet.getSpec().getTemplate(),
                    statefulSet.getSpec().getReplicas()));
        }
        for (Job job : all(Job.class)) {
            workloads.add(new Workload(job, job.getSpec().getTemplate(), null));
        }
        return workloads;
    }

    Workload workload(String name) {
        return workloads().stream().filter(workload -> workload.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(source + " runs nothing named " + name));
    }

    /** A ConfigMap's data, by its rendered name (with kustomize's hash suffix, as pods refer to it). */
    Optional<Map<String, String>> configMapData(String name) {
        return find(ConfigMap.class, name).map(map -> map.getData() == null ? Map.of() : map.getData());
    }

    /** A Secret's values, decoded. */
    Optional<Map<String, String>> secretData(String name) {
        return find(Secret.class, name).map(Manifests::decode);
    }

    private static Map<String, String> decode(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key,
                    new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    /** Something that runs pods, and the template of its pods. */
    record Workload(HasMetadata owner, PodTemplateSpec template, Integer replicas) {

        String name() {
            return owner.getMetadata().getName();
        }

        String kind() {
            return owner.getKind();
        }

        Map<String, String> podLabels() {
            Map<String, String> labels = template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }
    }
}
