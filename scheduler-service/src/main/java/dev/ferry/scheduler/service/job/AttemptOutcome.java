package dev.ferry.scheduler.service.job;

/** How one attempt at a job ended. */
public enum AttemptOutcome {
    /** The worker converted, verified and wrote everything. */
    COMPLETED,
    /** The worker reported a failure. */
    FAILED,
    /** The worker stopped it on a cancel. */
    CANCELLED,
    /** No worker reported within the lease; the scheduler gave up on it. */
    LEASE_LAPSED
}
