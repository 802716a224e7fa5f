package dev.ferry.conversion.model;

/** Where one attempt of a conversion job stands on the worker side. */
public enum AttemptState {

    /**
     * A worker holds the attempt and converts; its heartbeat keeps the claim. Goes to any final state, to
     * {@link #RELEASED} on shutdown, or stays RUNNING under another worker that takes a stale claim over.
     */
    RUNNING,

    /** The worker shut down and checkpointed; the next delivery takes the attempt over at once. Goes to RUNNING. */
    RELEASED,

    /** Every disk converted and verified, the definition written, COMPLETED published. Final. */
    COMPLETED,

    /** The attempt failed and FAILED was published; the scheduler decides about another attempt. Final. */
    FAILED,

    /** The job was cancelled, its partial outputs removed and CANCELLED published. Final. */
    CANCELLED,

    /** A newer attempt of the job exists; this one stopped (or never started) without publishing. Final. */
    SUPERSEDED;

    /** Whether nothing more happens to an attempt in this state. */
    public boolean isFinal() {
        return this != RUNNING && this != RELEASED;
    }
}
