package dev.ferry.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Stands in for the volumes Kubernetes would mount into a container: each becomes a folder under a root, holding a
 * Secret's or ConfigMap's keys as files, or empty for a claim or an emptyDir. A claim is one folder however many pods
 * mount it, as a shared volume is. Paths in settings are then moved from the mount paths to those folders.
 */
final class PodFiles {

    private final Path root;
    private final Manifests manifests;

    PodFiles(Path root, Manifests manifests) {
        this.root = root;
        this.manifests = manifests;
    }

    /** Mount path to folder, for every volume {@code container} of {@code workload} mounts. */
    Map<String, Path> mount(Manifests.Workload workload, Container container) throws IOException {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = workload.template().getSpec().getVolumes().stream()
                    .filter(candidate -> candidate.getName().equals(mount.getName())).findFirst().orElseThrow();
            mounts.put(mount.getMountPath(), materialise(workload, volume));
        }
        return mounts;
    }

    /** {@code value} with every mount path in it (a whole path, or a folder of one) replaced by its folder. */
    static String relocate(String value, Map<String, Path> mounts) {
        // One pass, longest paths first, so that a folder replacing /var/lib/ferry/x is not rewritten again by /tmp.
        String paths = mounts.keySet().stream().sorted(Comparator.comparing(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|"));
        return Pattern.compile("(" + paths + ")(?=/|,|$)").matcher(value)
                .replaceAll(match -> Matcher.quoteReplacement(mounts.get(match.group(1)).toString()));
    }

    private Path materialise(Manifests.Workload workload, Volume volume) throws IOException {
        if (volume.getPersistentVolumeClaim() != null) {
            return Files.createDirectories(root.resolve("claim-" + volume.getPersistentVolumeClaim().getClaimName()));
        }
        if (volume.getEmptyDir() != null) {
            return Files.createDirectories(root.resolve("empty-" + workload.name() + "-" + volume.getName()));
        }
        if (volume.getSecret() != null) {
            String name = volume.getSecret().getSecretName();
            return write(root.resolve("secret-" + name), manifests.secretData(name).orElse(Map.of()));
        }
        if (volume.getConfigMap() != null) {
            String name = volume.getConfigMap().getName();
            return write(root.resolve("configmap-" + name), manifests.configMapData(name).orElse(Map.of()));
        }
        throw new IllegalArgumentException(workload.name() + " volume " + volume.getName() + " is of a kind not modelled");
    }

    private static Path write(Path folder, Map<String, String> files) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        return folder;
    }
}
