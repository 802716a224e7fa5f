package dev.ferry.conversion.messaging;

/** The conversion service's messaging channels and worker pool; their settings are in application.properties. */
public final class Channels {

    /** Conversion requests, read by all workers as one consumer group: each request goes to one worker. */
    public static final String REQUESTS = "conversion-requests";

    /** The same topic read by each worker in a group of its own, so that every worker sees every cancel. */
    public static final String CANCELS = "conversion-cancels";

    /** Progress and checkpoint events, sent directly (losing one is harmless; final events go through the outbox). */
    public static final String PROGRESS = "conversion-progress";

    /** The worker pool jobs run on; its size is {@code ferry.conversion.concurrent-jobs}. */
    public static final String JOB_POOL = "conversion-jobs";

    private Channels() {
    }
}
