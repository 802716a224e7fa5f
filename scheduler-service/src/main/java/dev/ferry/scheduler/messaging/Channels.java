package dev.ferry.scheduler.messaging;

/** The scheduler's messaging channels; their topics are set in application.properties. */
public final class Channels {

    /** Machine records from the inventory. */
    public static final String MACHINES = "machines";

    /** What the conversion workers report about jobs, read in batches. */
    public static final String CONVERSION_EVENTS = "conversion-events";

    /** Wave and job events, read by every replica for its live-status clients. */
    public static final String WAVE_EVENTS = "wave-events";

    private Channels() {
    }
}
