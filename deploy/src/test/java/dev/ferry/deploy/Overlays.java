package dev.ferry.deploy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The overlays, rendered once per test run, and what each expects to find in the cluster rather than in itself. */
final class Overlays {

    /**
     * The Secrets the prod overlay expects an operator to have created (README, "Deploying to Kubernetes", says how);
     * the dev overlay brings all of its own.
     */
    static final Set<String> PROD_OPERATOR_SECRETS = Set.of("ferry-jwt", "ferry-kafka-credentials",
            "ferry-inventory-database", "ferry-scheduler-database", "ferry-conversion-database",
            "ferry-inventory-credentials-key", "ferry-conversion-inventory-token", "ferry-kafka-keda");

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private Overlays() {
    }

    static Manifests rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Manifests::renderOverlay);
    }

    static Set<String> operatorSecrets(String overlay) {
        return overlay.equals("prod") ? PROD_OPERATOR_SECRETS : Set.of();
    }
}
