package dev.ferry.inventory.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The inventory service's settings ({@code ferry.inventory.*}). */
@ConfigMapping(prefix = "ferry.inventory")
public interface InventoryConfig {

    /**
     * The AES key (base64 of 16, 24 or 32 bytes) that encrypts source passwords at rest. Without it, sources can only
     * name a mounted secret file.
     */
    Optional<String> credentialsKey();

    /** The folder Kubernetes secrets are mounted under; a source's {@code passwordSecret} is a file name in it. */
    @WithDefault("/var/run/secrets/ferry")
    Path secretsRoot();

    /** Where uploads are kept; RVTools and OVF sources may only point at files under it. */
    @WithDefault("/var/lib/ferry/inventory")
    Path storageRoot();

    Discovery discovery();

    Vsphere vsphere();

    Uploads uploads();

    RegistrationTokens registrationTokens();

    /** Discovery runs. */
    interface Discovery {

        /** Discovery runs carried out at once by this replica; more wait their turn. */
        @WithDefault("4")
        int workers();

        /** How often a replica shows that its runs are alive. */
        @WithDefault("10s")
        Duration heartbeatInterval();

        /** A pending or running run whose heartbeat is older than this is marked failed (its replica died). */
        @WithDefault("60s")
        Duration staleAfter();

        /** Per-item errors kept for one run; more are counted but not listed. */
        @WithDefault("1000")
        int maxItemErrors();
    }

    /** The vSphere Web Services client. */
    interface Vsphere {

        /** Objects per RetrievePropertiesEx page (maxObjects); the rest follow with ContinueRetrievePropertiesEx. */
        @WithDefault("100")
        int pageSize();

        @WithDefault("10s")
        Duration connectTimeout();

        /** Longest wait for one SOAP call's answer. */
        @WithDefault("5m")
        Duration requestTimeout();
    }

    /** Uploaded RVTools exports and OVA packages. */
    interface Uploads {

        /** Largest upload accepted. */
        @WithDefault("16G")
        MemorySize maxSize();
    }

    /** Tokens with which ferry-agent registers physical hosts. */
    interface RegistrationTokens {

        /** How long a token is valid when the request does not say. */
        @WithDefault("P1D")
        Duration lifetime();

        /** The longest validity a request may ask for. */
        @WithDefault("P30D")
        Duration maxLifetime();
    }
}
