package dev.ferry.events;

import java.util.List;

/**
 * Ferry's Kafka topics. Producers, consumers, topic provisioning, tests and the Kubernetes topic declarations all
 * use these names; nothing else spells them out.
 */
public final class Topics {

    /** The current record of each machine, keyed by machine id; compacted, tombstone when a machine is gone. */
    public static final String MACHINES = "ferry.inventory.machines";

    /** Commands to convert a machine's disks, keyed by job id. Scheduler to conversion workers. */
    public static final String CONVERSION_REQUESTS = "ferry.conversion.requests";

    /** What conversion workers report (started, progress, checkpoint, completed, failed), keyed by job id. */
    public static final String CONVERSION_EVENTS = "ferry.conversion.events";

    /** Wave and job state changes for dashboards and the CLI, keyed by wave id. */
    public static final String WAVE_EVENTS = "ferry.waves.events";

    /** How each topic should be created when an operator has not created it ahead of time. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(MACHINES, true),
            new TopicSpec(CONVERSION_REQUESTS, false),
            new TopicSpec(CONVERSION_EVENTS, false),
            new TopicSpec(WAVE_EVENTS, false));

    private Topics() {
    }

    /**
     * A topic and whether it keeps only the newest record per key (log compaction) rather than a time window.
     */
    public record TopicSpec(String name, boolean compacted) {
    }
}
