package dev.ferry.inventory.service.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.api.problem.ProblemType;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.config.InventoryConfig;
import dev.ferry.inventory.model.RegistrationToken;
import dev.ferry.inventory.model.Source;
import dev.ferry.inventory.service.source.SourceService;

/**
 * Issues the tokens ferry-agent registers hosts with, and checks them. A token is shown once; only its SHA-256 is
 * stored (tokens are 256 random bits, so a fast hash is enough). It may register any number of hosts into its source
 * until it expires.
 */
@ApplicationScoped
public class RegistrationTokenService {

    private static final String PREFIX = "ferry-reg-";

    private final SecureRandom random = new SecureRandom();

    @Inject
    SourceService sources;

    @Inject
    InventoryConfig config;

    /** A new token and when it expires. */
    public record IssuedToken(String token, UUID sourceId, Instant expiresAt) {
    }

    @Transactional
    public IssuedToken issue(UUID sourceId, Duration validFor) {
        Source source = sources.get(sourceId);
        if (source.kind != SourceKind.PHYSICAL) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "registration tokens are for PHYSICAL sources; "
                    + "source '" + source.name + "' is " + source.kind);
        }
        Duration lifetime = validFor == null ? config.registrationTokens().lifetime() : validFor;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(config.registrationTokens()
                .maxLifetime()) > 0) {
            throw ProblemException.invalidFields("validFor is out of range", java.util.List.of(
                    new Problem.FieldError("validFor", "must be positive and at most "
                            + config.registrationTokens().maxLifetime())));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        RegistrationToken stored = new RegistrationToken();
        stored.id = UUID.randomUUID();
        stored.sourceId = sourceId;
        stored.tokenHash = hash(token);
        stored.createdAt = Instant.now();
        stored.expiresAt = stored.createdAt.plus(lifetime);
        stored.persist();
        return new IssuedToken(token, sourceId, stored.expiresAt);
    }

    /**
     * The source a valid token registers into.
     *
     * @throws ProblemException 401 when the token is missing, unknown or expired
     */
    @Transactional
    public UUID sourceOf(String token) {
        if (token == null || token.isBlank()) {
            throw unauthenticated("a registration token is required (Authorization: Bearer <token>)");
        }
        RegistrationToken found = RegistrationToken.find("tokenHash", (Object) hash(token.strip())).firstResult();
        if (found == null || found.expiresAt.isBefore(Instant.now())) {
            throw unauthenticated("the registration token is unknown or expired; ask an admin for a new one");
        }
        return found.sourceId;
    }

    private static ProblemException unauthenticated(String detail) {
        return new ProblemException(ProblemType.UNAUTHENTICATED, detail);
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
