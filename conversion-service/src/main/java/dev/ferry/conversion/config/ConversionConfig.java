package dev.ferry.conversion.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this conversion worker runs ({@code ferry.conversion.*}). */
@ConfigMapping(prefix = "ferry.conversion")
public interface ConversionConfig {

    /** This worker's name in events and leases; the host name when not set (a pod name in Kubernetes). */
    Optional<String> workerId();

    /** Disks converted at once by this worker. */
    @WithDefault("2")
    int concurrentDisks();
}
