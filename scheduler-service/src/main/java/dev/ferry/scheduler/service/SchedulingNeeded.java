package dev.ferry.scheduler.service;

/**
 * Fired inside a transaction that changed a wave or job in a way admission or the wave clock should see at once (a
 * slot freed, a job queued, a wave started); they run right after the transaction commits.
 */
public record SchedulingNeeded() {
}
