package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * What must hold of every overlay's rendered manifests: each object is valid for the Kubernetes API (the strict read
 * in {@link Manifests}), Ferry's pods are probed, bounded, unprivileged and read-only, images are pinned, every
 * reference (ConfigMap, Secret, key, Service, budget, policy) finds what it names, and names and labels agree.
 */
class OverlayInvariantsTest {

    private static final String NAME = "app.kubernetes.io/name";
    private static final String PART_OF = "app.kubernetes.io/part-of";

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyObjectIsPartOfFerryAndNamedAsItsNameLabelSays(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        assertThat(manifests.all()).isNotEmpty();
        for (HasMetadata object : manifests.all()) {
            if (object.getKind().equals("Namespace")) {
                continue;
            }
            Map<String, String> labels = object.getMetadata().getLabels();
            assertThat(labels).as(describe(object)).containsEntry(PART_OF, "ferry");
            assertThat(object.getMetadata().getName()).as(describe(object)).startsWith("ferry");
        }
        for (Manifests.Workload workload : manifests.workloads()) {
            assertThat(workload.owner().getMetadata().getLabels()).as(workload.name())
                    .containsEntry(NAME, workload.name());
            assertThat(workload.podLabels()).as(workload.name() + " pods")
                    .containsEntry(NAME, workload.name()).containsEntry(PART_OF, "ferry");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void deploymentsSelectTheirOwnPodsAndRunAsTheirOwnServiceAccount(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            assertThat(LabelSelectors.matches(deployment.getSpec().getSelector(),
                    deployment.getSpec().getTemplate().getMetadata().getLabels())).as(name).isTrue();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).as(name).isEqualTo(name);
            ServiceAccount account = manifests.named(ServiceAccount.class, name);
            assertThat(account.getAutomountServiceAccountToken()).as(name + " account").isFalse();
        }
        assertThat(manifests.all(Deployment.class)).extracting(deployment -> deployment.getMetadata().getName())
                .containsExactlyInAnyOrder("ferry-inventory", "ferry-scheduler", "ferry-conversion");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void ferryServicesAreProbedOnTheirHealthEndpoints(String overlay) {
        for (Deployment deployment : Overlays.rendered(overlay).all(Deployment.class)) {
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String name = deployment.getMetadata().getName();
            assertHttpProbe(name + " startup", container.getStartupProbe(), "/q/health/started", container);
            assertHttpProbe(name + " readiness", container.getReadinessProbe(), "/q/health/ready", container);
            assertHttpProbe(name + " liveness", container.getLivenessProbe(), "/q/health/live", container);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyStatefulSetIsProbedForReadinessAndLiveness(String overlay) {
        for (Manifests.Workload workload : Overlays.rendered(overlay).workloads()) {
            if (workload.kind().equals("StatefulSet")) {
                for (Container container : workload.template().getSpec().getContainers()) {
                    assertThat(container.getReadinessProbe()).as(workload.name() + " readiness").isNotNull();
                    assertThat(container.getLivenessProbe()).as(workload.name() + " liveness").isNotNull();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyContainerRequestsAndIsLimitedInCpuAndMemory(String overlay) {
        for (Manifests.Workload workload : Overlays.rendered(overlay).workloads()) {
            for (Container container : containers(workload)) {
                String what = workload.name() + "/" + container.getName();
                assertThat(container.getResources()).as(what).isNotNull();
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                assertThat(requests).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(limits).as(what + " limits").containsKeys("cpu", "memory");
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(requests.get(resource).getNumericalAmount())
                            .as(what + " " + resource + " request within its limit")
                            .isLessThanOrEqualTo(limits.get(resource).getNumericalAmount());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyPodRunsUnprivilegedOnAReadOnlyRootFileSystemWithAWritableTmp(String overlay) {
        for (Manifests.Workload workload : Overlays.rendered(overlay).workloads()) {
            PodSpec pod = workload.template().getSpec();
            String name = workload.name();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity).as(name).isNotNull();
            assertThat(podSecurity.getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(podSecurity.getRunAsUser()).as(name + " runAsUser").isNotNull().isPositive();
            assertThat(podSecurity.getSeccompProfile().getType()).as(name + " seccomp").isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " service account token").isFalse();
            // Ferry reads FERRY_* and KAFKA_* variables; the Kafka image turns KAFKA_* into settings.
            assertThat(pod.getEnableServiceLinks()).as(name + " service links").isFalse();
            for (Container container : containers(workload)) {
                String what = name + "/" + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as(what).isNotNull();
                assertThat(security.getAllowPrivilegeEscalation()).as(what + " privilege escalation").isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(what + " read-only root").isTrue();
                assertThat(security.getCapabilities().getDrop()).as(what + " capabilities").containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(what + " added capabilities").isNullOrEmpty();
                assertThat(security.getPrivileged()).as(what + " privileged").isNotEqualTo(Boolean.TRUE);
                String tmpVolume = container.getVolumeMounts().stream()
                        .filter(mount -> mount.getMountPath().equals("/tmp")).map(mount -> mount.getName())
                        .findFirst().orElseThrow(() -> new AssertionError(what + " has no writable /tmp"));
                assertThat(volume(pod, tmpVolume).getEmptyDir()).as(what + " /tmp is an emptyDir").isNotNull();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void imagesArePinnedAndFerryImagesCarryTheProjectVersion(String overlay) {
        for (Manifests.Workload workload : Overlays.rendered(overlay).workloads()) {
            for (Container container : containers(workload)) {
                String image = container.getImage();
                String what = workload.name() + "/" + container.getName() + " image " + image;
                int colon = image.lastIndexOf(':');
                assertThat(colon).as(what + " has a tag").isGreaterThan(image.lastIndexOf('/'));
                String tag = image.substring(colon + 1);
                assertThat(tag).as(what).isNotEqualTo("latest").isNotBlank();
                if (image.contains("ferry/")) {
                    assertThat(tag).as(what).isEqualTo(ProjectFiles.projectVersion());
                }
                assertThat(container.getImagePullPolicy()).as(what).isEqualTo("IfNotPresent");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyReferencedConfigMapSecretAndKeyExists(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        Set<String> external = Overlays.operatorSecrets(overlay);
        for (Manifests.Workload workload : manifests.workloads()) {
            for (Container container : containers(workload)) {
                // Resolving the environment fails on a missing ConfigMap, Secret or key.
                ContainerEnvironment.of(container, manifests, external);
                for (EnvFromSource source : container.getEnvFrom() == null ? List.<EnvFromSource> of()
                        : container.getEnvFrom()) {
                    if (source.getSecretRef() != null && !external.contains(source.getSecretRef().getName())) {
                        assertThat(manifests.secretData(source.getSecretRef().getName()))
                                .as(workload.name() + " envFrom " + source.getSecretRef().getName()).isPresent();
                    }
                }
            }
            for (Volume volume : workload.template().getSpec().getVolumes()) {
                String what = workload.name() + " volume " + volume.getName();
                if (volume.getConfigMap() != null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                    assertThat(manifests.configMapData(volume.getConfigMap().getName())).as(what).isPresent();
                }
                if (volume.getSecret() != null && !Boolean.TRUE.equals(volume.getSecret().getOptional())
                        && !external.contains(volume.getSecret().getSecretName())) {
                    assertThat(manifests.secretData(volume.getSecret().getSecretName())).as(what).isPresent();
                }
                if (volume.getPersistentVolumeClaim() != null) {
                    manifests.named(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        for (String secret : external) {
            assertThat(manifests.secretData(secret)).as(overlay + " must not carry " + secret).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyServiceSelectsPodsThatHaveItsTargetPort(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        for (Service service : manifests.all(Service.class)) {
            String name = service.getMetadata().getName();
            List<Manifests.Workload> selected = manifests.workloads().stream()
                    .filter(workload -> LabelSelectors.matches(service.getSpec().getSelector(),
                            workload.podLabels()))
                    .toList();
            assertThat(selected).as("pods of Service " + name).extracting(Manifests.Workload::name)
                    .containsExactly(name);
            for (ServicePort port : service.getSpec().getPorts()) {
                List<ContainerPort> ports = containers(selected.get(0)).stream()
                        .flatMap(container -> container.getPorts().stream()).toList();
                assertThat(ports).as(name + " target port " + port.getTargetPort())
                        .anyMatch(containerPort -> port.getTargetPort().getStrVal() != null
                                ? port.getTargetPort().getStrVal().equals(containerPort.getName())
                                : port.getTargetPort().getIntVal().equals(containerPort.getContainerPort()));
            }
        }
        for (Deployment deployment : manifests.all(Deployment.class)) {
            manifests.named(Service.class, deployment.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyDeploymentHasADisruptionBudgetThatSelectsItsPods(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        for (PodDisruptionBudget budget : manifests.all(PodDisruptionBudget.class)) {
            assertThat(manifests.workloads()).as("pods of PodDisruptionBudget " + budget.getMetadata().getName())
                    .filteredOn(workload -> LabelSelectors.matches(budget.getSpec().getSelector(),
                            workload.podLabels()))
                    .extracting(Manifests.Workload::name).containsExactly(budget.getMetadata().getName());
            // With maxUnavailable a single replica can still be drained; minAvailable: 1 would block every drain.
            assertThat(budget.getSpec().getMaxUnavailable()).as(budget.getMetadata().getName()).isNotNull();
        }
        for (Deployment deployment : manifests.all(Deployment.class)) {
            manifests.named(PodDisruptionBudget.class, deployment.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void networkPoliciesDenyByDefaultAndNameOnlyPodsThatExist(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        List<NetworkPolicy> policies = manifests.all(NetworkPolicy.class);
        NetworkPolicy denial = manifests.named(NetworkPolicy.class, "ferry-default-deny");
        assertThat(denial.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(denial.getSpec().getIngress()).isNullOrEmpty();
        assertThat(denial.getSpec().getEgress()).isNullOrEmpty();
        for (Manifests.Workload workload : manifests.workloads()) {
            assertThat(LabelSelectors.matches(denial.getSpec().getPodSelector(), workload.podLabels()))
                    .as(workload.name() + " is under the default denial").isTrue();
            assertThat(policies).as(workload.name() + " has a policy of its own")
                    .anyMatch(policy -> policy.getMetadata().getName().equals(workload.name()));
        }
        for (NetworkPolicy policy : policies) {
            String name = "NetworkPolicy " + policy.getMetadata().getName();
            assertSelectsPods(manifests, name, policy.getSpec().getPodSelector());
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            policy.getSpec().getIngress().forEach(rule -> peers.addAll(rule.getFrom()));
            policy.getSpec().getEgress().forEach(rule -> peers.addAll(rule.getTo()));
            for (NetworkPolicyPeer peer : peers) {
                // Peers in other namespaces (kube-dns) are not Ferry's to check.
                if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null) {
                    assertSelectsPods(manifests, name + " peer", peer.getPodSelector());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void persistentVolumeClaimsAreUsedAndTargetStorageIsSharedInProduction(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        Set<String> claimed = new HashSet<>();
        manifests.workloads().forEach(workload -> workload.template().getSpec().getVolumes().stream()
                .filter(volume -> volume.getPersistentVolumeClaim() != null)
                .forEach(volume -> claimed.add(volume.getPersistentVolumeClaim().getClaimName())));
        for (PersistentVolumeClaim claim : manifests.all(PersistentVolumeClaim.class)) {
            assertThat(claimed).as("a pod mounts " + claim.getMetadata().getName())
                    .contains(claim.getMetadata().getName());
            if (overlay.equals("prod")) {
                assertThat(claim.getSpec().getAccessModes()).as(claim.getMetadata().getName())
                        .containsExactly("ReadWriteMany");
            }
        }
    }

    private static void assertSelectsPods(Manifests manifests, String what,
            io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector.getMatchExpressions() != null) {
            // Every value of an "In" must name pods that exist, so a misspelt name is caught.
            selector.getMatchExpressions().stream().filter(requirement -> requirement.getOperator().equals("In"))
                    .forEach(requirement -> requirement.getValues().forEach(value -> assertThat(manifests.workloads())
                            .as(what + " " + requirement.getKey() + "=" + value)
                            .anyMatch(workload -> value.equals(workload.podLabels().get(requirement.getKey())))));
        }
        assertThat(manifests.workloads()).as(what + " selects pods")
                .anyMatch(workload -> LabelSelectors.matches(selector, workload.podLabels()));
    }

    private static void assertHttpProbe(String what, Probe probe, String path, Container container) {
        assertThat(probe).as(what).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what).isEqualTo(path);
        assertThat(container.getPorts()).as(what + " port " + get.getPort().getStrVal())
                .anyMatch(port -> port.getName().equals(get.getPort().getStrVal()));
    }

    static List<Container> containers(Manifests.Workload workload) {
        List<Container> containers = new ArrayList<>(workload.template().getSpec().getContainers());
        if (workload.template().getSpec().getInitContainers() != null) {
            containers.addAll(workload.template().getSpec().getInitContainers());
        }
        return containers;
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(volume -> volume.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }
}
