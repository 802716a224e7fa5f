package dev.ferry.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Issues RS256 JSON Web Tokens for Ferry's roles from a local key pair. Stands in for a real identity provider on one
 * machine and in tests; production services only ever see the public key.
 */
public final class JwtIssuer {

    /** The issuer ({@code iss}) the services expect from local tokens. */
    public static final String LOCAL_ISSUER = "https://ferry.local/issuer";

    /** Ferry's roles, weakest first. */
    public static final List<String> ROLES = List.of("viewer", "operator", "admin");

    /** The role that may read source credentials: given to conversion workers only, never to people. */
    public static final String SOURCE_CREDENTIALS_ROLE = "source-credentials";

    /** File name of the conversion workers' service token. */
    public static final String CONVERSION_WORKER_TOKEN = "conversion-worker.jwt";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String issuer;

    private JwtIssuer(KeyPair keys, String issuer) {
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
        this.issuer = issuer;
    }

    /** A new issuer with a fresh 2048-bit RSA key pair. */
    public static JwtIssuer generate(String issuer) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new JwtIssuer(generator.generateKeyPair(), issuer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    /** Loads the key pair from {@code folder}, generating and saving one there on first use. */
    public static JwtIssuer loadOrCreate(Path folder, String issuer) throws IOException {
        Path privatePem = folder.resolve("private.pem");
        Path publicPem = folder.resolve("public.pem");
        if (Files.exists(privatePem) && Files.exists(publicPem)) {
            try {
                KeyFactory factory = KeyFactory.getInstance("RSA");
                PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(readPem(privatePem)));
                PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(readPem(publicPem)));
                return new JwtIssuer(new KeyPair(publicKey, privateKey), issuer);
            } catch (GeneralSecurityException e) {
                throw new IOException("unreadable key pair in " + folder + ": " + e.getMessage(), e);
            }
        }
        JwtIssuer created = generate(issuer);
        Files.createDirectories(folder);
        PrivateFiles.write(privatePem, pem("PRIVATE KEY", created.privateKey.getEncoded()));
        Files.writeString(publicPem, created.publicKeyPem());
        return created;
    }

    /** The public key in PEM form, which is what services are configured with. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    public String issuer() {
        return issuer;
    }

    /**
     * A signed token for {@code subject} in {@code groups}, valid for {@code lifetime}. Role hierarchy (admin implies
     * operator implies viewer) is the services' business, not the token's.
     */
    public String issue(String subject, List<String> groups, Duration lifetime) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject
                + "\",\"groups\":[" + groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(lifetime).getEpochSecond()
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** A token for a user holding exactly {@code role}. */
    public String issueForRole(String role, Duration lifetime) {
        return issue("ferry-" + role, List.of(role), lifetime);
    }

    /**
     * Writes {@code <role>.jwt} for every role into {@code folder}, and {@code conversion-worker.jwt}, the service
     * token conversion workers fetch source credentials with; all readable only by the owner.
     */
    public void writeRoleTokens(Path folder, Duration lifetime) throws IOException {
        Files.createDirectories(folder);
        for (String role : ROLES) {
            PrivateFiles.write(folder.resolve(role + ".jwt"), issueForRole(role, lifetime) + "\n");
        }
        PrivateFiles.write(folder.resolve(CONVERSION_WORKER_TOKEN),
                issue("ferry-conversion-worker", List.of(SOURCE_CREDENTIALS_ROLE), lifetime) + "\n");
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
    }

    private static byte[] readPem(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
