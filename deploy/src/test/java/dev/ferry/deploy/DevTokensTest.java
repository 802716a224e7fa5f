package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ferry.localstack.JwtIssuer;

/**
 * The dev overlay's tokens (deploy/k8s/overlays/dev/tokens) are accepted by the services it configures: signed by the
 * private half of the ferry-jwt key, from the configured issuer, with their role, and valid for a while yet.
 */
class DevTokensTest {

    private static final Path TOKENS = ProjectFiles.overlay("dev").resolve("tokens");

    @ParameterizedTest
    @CsvSource({ "viewer.jwt, viewer", "operator.jwt, operator", "admin.jwt, admin",
            "conversion-worker.jwt, " + JwtIssuer.SOURCE_CREDENTIALS_ROLE })
    void tokenIsSignedByTheConfiguredKeyForItsRole(String file, String role) throws Exception {
        Manifests dev = Overlays.rendered("dev");
        Map<String, String> environment = ServiceSettingsTest.environment(dev, "inventory", "dev");
        String token = Files.readString(TOKENS.resolve(file), StandardCharsets.US_ASCII);
        assertThat(token).doesNotContain("\n");
        String[] parts = token.split("\\.");
        assertThat(verifies(parts, publicKey(dev))).as(file + " is signed by the ferry-jwt key").isTrue();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(environment.get("MP_JWT_VERIFY_ISSUER"));
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactly(role);
        assertThat(Instant.ofEpochSecond(claims.path("exp").asLong()))
                .as(file + " expires soon: run deploy/k8s/overlays/dev/secrets/regenerate.sh")
                .isAfter(Instant.now().plus(Duration.ofDays(90)));
    }

    @Test
    void conversionWorkersPresentTheServiceToken() throws IOException {
        Manifests dev = Overlays.rendered("dev");
        assertThat(ServiceSettingsTest.environment(dev, "conversion", "dev"))
                .containsEntry("FERRY_CONVERSION_INVENTORY_TOKEN",
                        Files.readString(TOKENS.resolve(JwtIssuer.CONVERSION_WORKER_TOKEN)));
    }

    private static PublicKey publicKey(Manifests dev) throws GeneralSecurityException {
        String pem = dev.secretData(dev.named(io.fabric8.kubernetes.api.model.apps.Deployment.class, "ferry-inventory")
                .getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals("jwt")).findFirst().orElseThrow().getSecret()
                .getSecretName()).orElseThrow().get("public.pem");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    }

    private static boolean verifies(String[] parts, PublicKey key) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

}
