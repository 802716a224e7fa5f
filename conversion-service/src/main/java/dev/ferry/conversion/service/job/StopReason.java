package dev.ferry.conversion.service.job;

/** Why a running job was asked to stop before it finished. */
public enum StopReason {
    /** Cancelled on request: remove the partial outputs and publish CANCELLED. */
    CANCELLED,
    /**
     * The scheduler took the job back (its lease lapsed) to run it again: stop, keep the checkpoints and finished disks
     * for the next attempt to resume from, publish CANCELLED.
     */
    TAKEN_BACK,
    /** A newer attempt of the job exists: stop without touching the files further, publish nothing. */
    SUPERSEDED,
    /** Another worker took the claim over (this worker's heartbeat lapsed): stop and leave everything to it. */
    CLAIM_LOST,
    /** This worker is shutting down: checkpoint, release the claim, leave the request unacknowledged. */
    SHUTDOWN,
    /** Another disk of the job failed: stop the rest, keeping their checkpoints for a retry. */
    DISK_FAILED
}
