package dev.ferry.conversion.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How this conversion worker runs ({@code ferry.conversion.*}). */
@ConfigMapping(prefix = "ferry.conversion")
public interface ConversionConfig {

    /** This worker's name in events and claims; the host name when not set (a pod name in Kubernetes). */
    Optional<String> workerId();

    /** Jobs (machines) this worker converts at once; also the size of the worker pool that runs them. */
    @WithDefault("2")
    int concurrentJobs();

    /** Disks of one job converted at once. */
    @WithDefault("2")
    int concurrentDisks();

    /** Threads that decode, encode and hash each disk's chunks; one per processor when not set. */
    Optional<Integer> threadsPerDisk();

    /**
     * Folders under which FILE and OVA_MEMBER sources may lie (mounted source storage); a source path outside all of
     * them is refused.
     */
    Optional<List<String>> sourceRoots();

    /** Target storage roots by name ({@code ferry.conversion.storage-roots.<name>=<path>}); jobs name one. */
    Map<String, String> storageRoots();

    /**
     * Source read rate of this whole worker in MB/s (1 MB = 1,000,000 bytes), shared by all its conversions; 0 for no
     * limit.
     */
    @WithDefault("0")
    double throttleMbPerSecond();

    /** How often a running job renews its claim and reports progress, even when it makes none. */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /**
     * How long a claim lives without a heartbeat: after this another worker takes the job over (a crashed worker's
     * job resumes from its checkpoint). Several heartbeat intervals, so one slow heartbeat does not lose a job.
     */
    @WithDefault("45s")
    Duration claimTimeout();

    /** Time between checkpoints of a running disk conversion; zero for none by time. */
    @WithDefault("30s")
    Duration checkpointInterval();

    /** Source bytes read between checkpoints; 0 for none by bytes. */
    @WithDefault("1073741824")
    long checkpointIntervalBytes();

    /** Least time between two progress events of one disk. */
    @WithDefault("1s")
    Duration progressInterval();

    /** How long running conversions get to checkpoint and stop when the worker shuts down. */
    @WithDefault("20s")
    Duration shutdownGrace();

    /** Base URL of the inventory service, for source credentials (vSphere datastore disks). */
    Optional<URI> inventoryUrl();

    /** Bearer token this worker presents to the inventory (a service account's token, from a secret). */
    Optional<String> inventoryToken();
}
