package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The settings the manifests give each service are ones it reads, and they agree with what the manifests mount and
 * expose: storage roots are mounted volumes, file locations lie in mounted Secrets, the port is the one the service
 * listens on, and each service gets longer to stop than it takes.
 */
class ServiceSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyVariableAServiceGetsIsASettingItReads(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        for (String service : ProjectFiles.SERVICES) {
            ServiceSettings settings = ServiceSettings.of(service);
            assertThat(environment(manifests, service, overlay).keySet()).as(overlay + " ferry-" + service)
                    .isNotEmpty().allSatisfy(name -> assertThat(settings.reads(name))
                            .as("ferry-%s gets %s, which it does not read", service, name).isTrue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void servicesListenOnTheContainerPortTheirServiceTargets(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        for (String service : ProjectFiles.SERVICES) {
            Container container = container(manifests, service);
            String port = ServiceSettings.of(service).value("quarkus.http.port");
            assertThat(container.getPorts()).as("ferry-" + service).singleElement()
                    .satisfies(containerPort -> assertThat(containerPort.getContainerPort().toString())
                            .isEqualTo(port));
            assertThat(environment(manifests, service, overlay)).doesNotContainKey("QUARKUS_HTTP_PORT");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void eachServiceGetsLongerToStopThanItTakes(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        for (String service : ProjectFiles.SERVICES) {
            Deployment deployment = manifests.named(Deployment.class, "ferry-" + service);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String timeout = ServiceSettings.of(service).value("quarkus.shutdown.timeout");
            assertThat(timeout).as("ferry-%s sets quarkus.shutdown.timeout", service).isNotNull();
            long preStop = Optional.ofNullable(pod.getContainers().get(0).getLifecycle())
                    .map(lifecycle -> lifecycle.getPreStop().getExec().getCommand())
                    .map(command -> Long.parseLong(command.get(command.size() - 1))).orElse(0L);
            long needed = preStop + Duration.parse("PT" + timeout.toUpperCase()).toSeconds();
            assertThat(pod.getTerminationGracePeriodSeconds()).as("ferry-%s grace period", service)
                    .isGreaterThanOrEqualTo(needed + 15);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void storageRootsAndFileLocationsLieOnMountedVolumes(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        Map<String, String> inventory = environment(manifests, "inventory", overlay);
        Map<String, String> conversion = environment(manifests, "conversion", overlay);
        Map<String, String> scheduler = environment(manifests, "scheduler", overlay);

        Volume uploads = mountedAt(manifests, "inventory", inventory.get("FERRY_INVENTORY_STORAGE_ROOT"), false);
        assertThat(uploads.getPersistentVolumeClaim()).as("the inventory's storage root is a claim").isNotNull();
        mountedAt(manifests, "inventory", inventory.get("FERRY_INVENTORY_SECRETS_ROOT"), true);

        List<String> targetRoots = conversion.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("FERRY_CONVERSION_STORAGE_ROOTS_"))
                .map(Map.Entry::getValue).toList();
        assertThat(targetRoots).as("conversion target storage roots").isNotEmpty();
        for (String root : targetRoots) {
            assertThat(mountedAt(manifests, "conversion", root, false).getPersistentVolumeClaim())
                    .as("target root " + root + " is a claim").isNotNull();
        }
        for (String root : conversion.get("FERRY_CONVERSION_SOURCE_ROOTS").split(",")) {
            mountedAt(manifests, "conversion", root, true);
        }
        // OVA disks are read in place, by the path the inventory recorded: the same claim at the same path.
        Volume uploadsSeenByWorkers = mountedAt(manifests, "conversion", inventory.get("FERRY_INVENTORY_STORAGE_ROOT"),
                true);
        assertThat(uploadsSeenByWorkers.getPersistentVolumeClaim().getClaimName())
                .isEqualTo(uploads.getPersistentVolumeClaim().getClaimName());

        mountedAt(manifests, "scheduler", scheduler.get("FERRY_SCHEDULER_PROFILES_DIRECTORY"), true);
        for (String service : ProjectFiles.SERVICES) {
            String key = environment(manifests, service, overlay).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
            String path = URI.create(key).getPath();
            Volume keys = mountedAt(manifests, service, path.substring(0, path.lastIndexOf('/')), true);
            assertThat(keys.getSecret()).as("ferry-%s reads the token key from a Secret", service).isNotNull();
            manifests.secretData(keys.getSecret().getSecretName()).ifPresent(data -> assertThat(data)
                    .containsKey(path.substring(path.lastIndexOf('/') + 1)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyStorageRootTheSchedulerOffersIsOneTheWorkersWriteTo(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        String prefix = "ferry.scheduler.storage-roots.";
        java.util.Set<String> offered = new java.util.TreeSet<>();
        ServiceSettings.of("scheduler").propertiesStartingWith(prefix)
                .forEach(property -> offered.add(ServiceSettings.environmentName(property.substring(prefix.length()))));
        environment(manifests, "scheduler", overlay).keySet().stream()
                .filter(name -> name.startsWith("FERRY_SCHEDULER_STORAGE_ROOTS_"))
                .forEach(name -> offered.add(name.substring("FERRY_SCHEDULER_STORAGE_ROOTS_".length())));
        Map<String, String> conversion = environment(manifests, "conversion", overlay);
        for (String root : offered) {
            assertThat(conversion).as("the scheduler offers storage root " + root)
                    .containsKey("FERRY_CONVERSION_STORAGE_ROOTS_" + root);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void conversionWorkersFindTheInventoryAtItsService(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        URI inventory = URI.create(environment(manifests, "conversion", overlay).get("FERRY_CONVERSION_INVENTORY_URL"));
        Service service = manifests.named(Service.class, inventory.getHost());
        assertThat(service.getSpec().getPorts()).anyMatch(port -> port.getPort() == inventory.getPort());
        assertThat(service.getMetadata().getName()).isEqualTo("ferry-inventory");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void topicsAreNeverCreatedByTheServices(String overlay) {
        Manifests manifests = Overlays.rendered(overlay);
        for (String service : ProjectFiles.SERVICES) {
            assertThat(environment(manifests, service, overlay)).as("ferry-" + service)
                    .containsEntry("FERRY_MESSAGING_TOPICS_CREATE", "false");
        }
    }

    static Map<String, String> environment(Manifests manifests, String service, String overlay) {
        return ContainerEnvironment.of(container(manifests, service), manifests, Overlays.operatorSecrets(overlay));
    }

    static Container container(Manifests manifests, String service) {
        return manifests.named(Deployment.class, "ferry-" + service).getSpec().getTemplate().getSpec().getContainers()
                .get(0);
    }

    /** The volume mounted at {@code path} in the service's container, read-only or writable as asked. */
    private static Volume mountedAt(Manifests manifests, String service, String path, boolean readOnly) {
        Deployment deployment = manifests.named(Deployment.class, "ferry-" + service);
        VolumeMount mount = container(manifests, service).getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("ferry-" + service + " mounts nothing at " + path + " (mounts: "
                        + Arrays.toString(container(manifests, service).getVolumeMounts().stream()
                                .map(VolumeMount::getMountPath).toArray())
                        + ")"));
        assertThat(Boolean.TRUE.equals(mount.getReadOnly())).as("ferry-%s %s read-only", service, path)
                .isEqualTo(readOnly);
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals(mount.getName())).findFirst().orElseThrow();
    }
}
