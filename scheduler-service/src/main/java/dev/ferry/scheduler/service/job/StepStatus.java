package dev.ferry.scheduler.service.job;

/** How far one step of a job's itinerary is. */
public enum StepStatus {
    /** Not started (or to be run again by the next attempt). */
    PENDING,
    /** The worker is on it. */
    RUNNING,
    /** Done; a later attempt resumes after it. */
    DONE,
    /** The attempt failed while on it. */
    FAILED
}
