package dev.ferry.scheduler.config;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduler's own settings ({@code ferry.scheduler.*}). */
@ConfigMapping(prefix = "ferry.scheduler")
public interface SchedulerConfig {

    Profiles profiles();

    Planning planning();

    /** Target profiles. */
    interface Profiles {

        /**
         * A directory of profile YAML files read at start-up: a file whose id matches a built-in profile replaces it
         * (to set figures the built-ins mark unverified), others are added. Unset: the built-ins only.
         */
        Optional<Path> directory();
    }

    /** Capacity planning. */
    interface Planning {

        /** vCPU:LP ratio used when neither the request nor the profile gives one. */
        @WithDefault("4")
        double vcpuPerLogicalProcessor();

        /** Headroom percentage used when the request gives none. */
        @WithDefault("10")
        double headroomPercent();
    }
}
