package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Quantity;

/** The README's "Deploying to Kubernetes" says what the manifests need and do. */
class ReadmeDeploymentTest {

    private static String section() throws IOException {
        String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
        int start = readme.indexOf("## Deploying to Kubernetes");
        assertThat(start).as("README has a Deploying to Kubernetes section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    @Test
    void tellsHowToCreateEverySecretTheProdOverlayExpects() throws IOException {
        String section = section();
        for (String secret : Overlays.PROD_OPERATOR_SECRETS) {
            assertThat(section).as(secret).contains("create secret generic " + secret + " ");
        }
        assertThat(section).contains("kubectl apply -k deploy/k8s/overlays/dev",
                "kubectl apply -k deploy/k8s/overlays/prod");
    }

    @Test
    void resourceTableShowsTheRequestsAndLimitsTheManifestsSet() throws IOException {
        String section = section();
        for (String service : ProjectFiles.SERVICES) {
            Map<String, Quantity> requests = ServiceSettingsTest.container(Overlays.rendered("prod"), service)
                    .getResources().getRequests();
            Map<String, Quantity> limits = ServiceSettingsTest.container(Overlays.rendered("prod"), service)
                    .getResources().getLimits();
            String row = section.lines().filter(line -> line.startsWith("| " + service + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no resource row for " + service)).replace(" ", "");
            assertThat(row).as(service).contains("|" + requests.get("memory") + "/" + limits.get("memory") + "|")
                    .contains("|" + requests.get("cpu") + "/" + limits.get("cpu") + "|");
        }
    }
}
