package dev.ferry.scheduler.service.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job (one machine of a wave) stands. {@link JobTransitions} performs every change of state and records it
 * with time and reason; a change not listed under a state's "next" is refused.
 */
public enum JobState {

    /** Created with its wave, which has not started yet (planned, or waiting for its window). Next: QUEUED, CANCELLED. */
    PENDING,

    /**
     * The machine has blockers for the target profile, or fits on none of the wave's target hosts, and the wave was
     * told to skip such machines: it is never converted. Final.
     */
    BLOCKED,

    /**
     * Waits to be admitted: its wave runs and it waits for room under every limit (and for its back-off after a failed
     * attempt). Next: DISPATCHED when admitted, CANCELLED.
     */
    QUEUED,

    /**
     * Admitted: its conversion request (with a new attempt number) is on the requests topic and counts against every
     * limit, waiting for a worker to take it. Next: CONVERTING or VERIFYING when a worker reports, COMPLETED, QUEUED
     * (a retryable failure with attempts left), FAILED, CANCELLING, CANCELLED.
     */
    DISPATCHED,

    /**
     * A worker holds it (by a lease its events renew) and validates the plan or converts disks. Next: VERIFYING,
     * COMPLETED, QUEUED (retryable failure or lapsed lease, attempts left), FAILED, CANCELLING, CANCELLED.
     */
    CONVERTING,

    /**
     * Every disk is converted; the worker reads the targets back against the sources and writes the VM definition.
     * Next: COMPLETED, QUEUED, FAILED, CANCELLING, CANCELLED.
     */
    VERIFYING,

    /** Converted, verified and its definition written; the machine is never converted again in this wave. Final. */
    COMPLETED,

    /**
     * Its last attempt failed and no retry is due: the failure was not retryable or the attempts are used up. Next:
     * QUEUED or PENDING when a person retries the job or re-runs the wave.
     */
    FAILED,

    /**
     * Cancelled while a worker may hold it: a cancel is on the requests topic and the job still counts against the
     * limits until the worker confirms or its lease lapses. Next: CANCELLED, or COMPLETED or FAILED when the worker
     * finished before it heard.
     */
    CANCELLING,

    /** Stopped, or never started, on a person's request or because the wave's window closed. Next: QUEUED, PENDING. */
    CANCELLED;

    private static final Set<JobState> IN_FLIGHT = EnumSet.of(DISPATCHED, CONVERTING, VERIFYING, CANCELLING);
    private static final Set<JobState> FINISHED = EnumSet.of(BLOCKED, COMPLETED, FAILED, CANCELLED);

    /** The states this one may change to. */
    public Set<JobState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(QUEUED, CANCELLED);
            case QUEUED -> EnumSet.of(DISPATCHED, CANCELLED);
            case DISPATCHED -> EnumSet.of(CONVERTING, VERIFYING, COMPLETED, QUEUED, FAILED, CANCELLING, CANCELLED);
            case CONVERTING -> EnumSet.of(VERIFYING, COMPLETED, QUEUED, FAILED, CANCELLING, CANCELLED);
            case VERIFYING -> EnumSet.of(COMPLETED, QUEUED, FAILED, CANCELLING, CANCELLED);
            case CANCELLING -> EnumSet.of(CANCELLED, COMPLETED, FAILED);
            case FAILED, CANCELLED -> EnumSet.of(QUEUED, PENDING);
            case BLOCKED, COMPLETED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean canMoveTo(JobState target) {
        return next().contains(target);
    }

    /** Whether the job counts against the admission limits: dispatched and not yet finished. */
    public boolean inFlight() {
        return IN_FLIGHT.contains(this);
    }

    /** Whether nothing more happens to the job unless a person retries it. */
    public boolean finished() {
        return FINISHED.contains(this);
    }

    /** Whether a worker is expected to report on it. */
    public boolean awaitsWorker() {
        return this == DISPATCHED || this == CONVERTING || this == VERIFYING || this == CANCELLING;
    }

    /** The states that count against the admission limits. */
    public static Set<JobState> inFlightStates() {
        return EnumSet.copyOf(IN_FLIGHT);
    }

    /** The states a job rests in until a person acts. */
    public static Set<JobState> finishedStates() {
        return EnumSet.copyOf(FINISHED);
    }
}
