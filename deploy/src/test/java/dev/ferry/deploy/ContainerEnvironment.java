package dev.ferry.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/**
 * The environment variables a container gets, as the kubelet would set them from the rendered manifests: first each
 * {@code envFrom} ConfigMap or Secret in order, then {@code env}, later ones replacing earlier ones. A reference to a
 * ConfigMap, Secret or key that is not in the manifests fails, unless it is marked optional or is one of
 * {@code externalSecrets} (Secrets an operator creates, whose values are then unknown and left out).
 */
final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    static Map<String, String> of(Container container, Manifests manifests, java.util.Set<String> externalSecrets) {
        Map<String, String> environment = new LinkedHashMap<>();
        String where = manifests.source() + " container " + container.getName();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                String prefix = source.getPrefix() == null ? "" : source.getPrefix();
                Optional<Map<String, String>> values;
                String name;
                boolean optional;
                if (source.getConfigMapRef() != null) {
                    name = source.getConfigMapRef().getName();
                    optional = Boolean.TRUE.equals(source.getConfigMapRef().getOptional());
                    values = manifests.configMapData(name);
                } else {
                    name = source.getSecretRef().getName();
                    optional = Boolean.TRUE.equals(source.getSecretRef().getOptional())
                            || externalSecrets.contains(name);
                    values = manifests.secretData(name);
                }
                if (values.isEmpty() && !optional) {
                    throw new AssertionError(where + " takes its environment from " + name + ", which is missing");
                }
                values.ifPresent(map -> map.forEach((key, value) -> environment.put(prefix + key, value)));
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                resolve(variable, manifests, externalSecrets, where)
                        .ifPresent(value -> environment.put(variable.getName(), value));
            }
        }
        return environment;
    }

    private static Optional<String> resolve(EnvVar variable, Manifests manifests, java.util.Set<String> externalSecrets,
            String where) {
        if (variable.getValueFrom() == null) {
            return Optional.of(variable.getValue() == null ? "" : variable.getValue());
        }
        ConfigMapKeySelector mapKey = variable.getValueFrom().getConfigMapKeyRef();
        if (mapKey != null) {
            return value(manifests.configMapData(mapKey.getName()), mapKey.getName(), mapKey.getKey(),
                    Boolean.TRUE.equals(mapKey.getOptional()), variable, where);
        }
        SecretKeySelector secretKey = variable.getValueFrom().getSecretKeyRef();
        if (secretKey != null) {
            boolean external = externalSecrets.contains(secretKey.getName());
            return value(manifests.secretData(secretKey.getName()), secretKey.getName(), secretKey.getKey(),
                    Boolean.TRUE.equals(secretKey.getOptional()) || external, variable, where);
        }
        throw new AssertionError(where + " sets " + variable.getName()
                + " from the pod (fieldRef/resourceFieldRef), which the checks do not model");
    }

    private static Optional<String> value(Optional<Map<String, String>> data, String name, String key,
            boolean optional, EnvVar variable, String where) {
        if (data.isPresent() && data.get().containsKey(key)) {
            return Optional.of(data.get().get(key));
        }
        if (optional) {
            return Optional.empty();
        }
        throw new AssertionError(where + " sets " + variable.getName() + " from key " + key + " of " + name
                + (data.isPresent() ? ", which has no such key" : ", which is missing"));
    }
}
