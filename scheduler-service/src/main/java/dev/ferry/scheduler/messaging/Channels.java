package dev.ferry.scheduler.messaging;

/** The scheduler's messaging channels; their topics are set in application.properties. */
public final class Channels {

    /** Machine records from the inventory. */
    public static final String MACHINES = "machines";

    private Channels() {
    }
}
