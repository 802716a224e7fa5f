package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's image, built from its Dockerfile.jvm or by Jib (the parent pom's images profile): the same pinned UBI
 * OpenJDK 17 runtime base, the non-root user 185, Quarkus' fast-jar layout, and the port the service listens on.
 */
class ContainerImagesTest {

    private static final String BASE_IMAGE = "registry.access.redhat.com/ubi9/openjdk-17-runtime:";

    @ParameterizedTest
    @ValueSource(strings = { "inventory", "scheduler", "conversion" })
    void dockerfileRunsTheFastJarAsUser185OnThePinnedRuntimeImage(String service) throws IOException {
        List<String> lines = Files.readAllLines(ProjectFiles.module(service).resolve("src/main/docker/Dockerfile.jvm"))
                .stream().filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
        String from = lines.stream().filter(line -> line.startsWith("FROM ")).findFirst().orElseThrow();
        assertThat(from.substring("FROM ".length())).isEqualTo(jibBaseImage()).startsWith(BASE_IMAGE)
                .doesNotEndWith(":latest");
        assertThat(lines).contains("USER 185",
                "COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
                "COPY --chown=185 target/quarkus-app/*.jar /deployments/",
                "COPY --chown=185 target/quarkus-app/app/ /deployments/app/",
                "COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/",
                "ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"",
                "EXPOSE " + ServiceSettings.of(service).value("quarkus.http.port"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("ENTRYPOINT [ \"/opt/jboss/container/java/run/run-java.sh\" ]");
    }

    @ParameterizedTest
    @ValueSource(strings = { "inventory", "scheduler", "conversion" })
    void jibBuildsTheImageTheManifestsName(String service) throws IOException {
        String parent = Files.readString(ProjectFiles.root().resolve("pom.xml"));
        assertThat(property(parent, "quarkus.jib.user")).isEqualTo("185");
        assertThat(property(parent, "quarkus.container-image.group")).isEqualTo("ferry");
        assertThat(property(parent, "quarkus.container-image.tag")).isEqualTo("${project.version}");
        // The service adds the Jib extension only in its images profile, so the default build never needs a registry.
        String pom = Files.readString(ProjectFiles.module(service).resolve("pom.xml"));
        int profiles = pom.indexOf("<profiles>");
        assertThat(profiles).isPositive();
        assertThat(pom.indexOf("quarkus-container-image-jib")).isGreaterThan(profiles);
        assertThat(Overlays.rendered("dev").named(io.fabric8.kubernetes.api.model.apps.Deployment.class,
                "ferry-" + service).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ferry/" + service + "-service:" + ProjectFiles.projectVersion());
    }

    private static String jibBaseImage() throws IOException {
        return property(Files.readString(ProjectFiles.root().resolve("pom.xml")), "quarkus.jib.base-jvm-image");
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
                .matcher(pom);
        assertThat(matcher.find()).as("the parent pom sets " + name).isTrue();
        return matcher.group(1);
    }
}
