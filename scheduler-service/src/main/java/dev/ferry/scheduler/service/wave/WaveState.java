package dev.ferry.scheduler.service.wave;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a wave stands. {@link WaveTransitions} performs every change of state and records it with time and reason; a
 * change not listed under a state's "next" is refused (409).
 */
public enum WaveState {

    /** Planned and accepted, held until a person starts it (POST resume). Next: SCHEDULED, RUNNING, CANCELLED. */
    PLANNED,

    /** Waits for its window to open (not before). Next: RUNNING when it opens, PAUSED, CANCELLED. */
    SCHEDULED,

    /**
     * Admits its queued jobs as the limits allow. Next: PAUSED, CANCELLED, COMPLETED or COMPLETED_WITH_FAILURES when
     * every job has finished (a job not started when the window closes is cancelled).
     */
    RUNNING,

    /**
     * Admits nothing new; jobs already running finish (they are not stopped). Next: RUNNING or SCHEDULED on resume,
     * CANCELLED, COMPLETED or COMPLETED_WITH_FAILURES when every job has finished.
     */
    PAUSED,

    /** Every job that was to run completed (machines skipped for blockers aside). Final. */
    COMPLETED,

    /**
     * Every job finished, and some failed or were cancelled. Next: RUNNING or SCHEDULED when a person re-runs the wave
     * or retries one of its jobs (completed machines are never converted again).
     */
    COMPLETED_WITH_FAILURES,

    /**
     * Cancelled by a person: running jobs were sent a cancel, the rest cancelled. Next: RUNNING or SCHEDULED when a
     * person re-runs it or retries one of its jobs.
     */
    CANCELLED;

    /** The states this one may change to. */
    public Set<WaveState> next() {
        return switch (this) {
            case PLANNED -> EnumSet.of(SCHEDULED, RUNNING, CANCELLED);
            case SCHEDULED -> EnumSet.of(RUNNING, PAUSED, CANCELLED);
            case RUNNING -> EnumSet.of(PAUSED, CANCELLED, COMPLETED, COMPLETED_WITH_FAILURES);
            case PAUSED -> EnumSet.of(RUNNING, SCHEDULED, CANCELLED, COMPLETED, COMPLETED_WITH_FAILURES);
            case COMPLETED_WITH_FAILURES, CANCELLED -> EnumSet.of(RUNNING, SCHEDULED);
            case COMPLETED -> EnumSet.noneOf(WaveState.class);
        };
    }

    public boolean canMoveTo(WaveState target) {
        return next().contains(target);
    }

    /** Whether the wave has ended (until a person re-runs it). */
    public boolean finished() {
        return this == COMPLETED || this == COMPLETED_WITH_FAILURES || this == CANCELLED;
    }
}
