package dev.ferry.scheduler.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the scheduler runs waves: global limits, leases, timers and where targets may be written. */
@ConfigMapping(prefix = "ferry.scheduler")
public interface WaveConfig {

    /** Jobs in flight (dispatched to a worker and not yet finished) over all waves together. */
    @WithDefault("20")
    int maxJobsInFlight();

    /**
     * How long a worker holds a job without a word: its started, progress and checkpoint events renew the lease; a job
     * whose lease lapses is re-queued as a failed attempt. Workers report at least every 10 s.
     */
    @WithDefault("60s")
    Duration leaseDuration();

    /** How often lapsed leases are looked for. */
    @WithDefault("5s")
    Duration leaseCheckInterval();

    /** How often admission runs besides right after a job or wave changes (windows open and close on this tick). */
    @WithDefault("1s")
    Duration admissionInterval();

    /** How often a running wave's progress is published on the wave events topic. */
    @WithDefault("2s")
    Duration progressInterval();

    /**
     * Target storage roots by name, each with a description for people ("NFS export of the Hyper-V cluster"). A wave
     * names one and a folder under it; the conversion workers map the same names to their mount points.
     */
    Map<String, String> storageRoots();

    /** Retry policy of waves that give none. */
    Retry retry();

    /** The default retry policy. */
    interface Retry {

        /** Attempts per job, the first included. */
        @WithDefault("3")
        int attempts();

        /** Wait before the first retry; doubled for each further one. */
        @WithDefault("30s")
        Duration backoff();

        /** The longest wait between attempts. */
        @WithDefault("10m")
        Duration maxBackoff();
    }
}
