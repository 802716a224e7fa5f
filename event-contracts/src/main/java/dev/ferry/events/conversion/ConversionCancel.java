package dev.ferry.events.conversion;

/**
 * A command to stop a job's conversion and remove its partial outputs.
 *
 * @param jobId the job to stop
 * @param attempt the attempt to stop
 * @param reason why, for the record
 */
public record ConversionCancel(String jobId, int attempt, String reason) {
}
