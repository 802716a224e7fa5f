package dev.ferry.events.conversion;

/**
 * A command to stop a job's conversion. Workers hear every cancel (the requests topic, read in a group of each
 * worker's own).
 *
 * @param jobId the job to stop
 * @param attempt attempts up to this one are stopped
 * @param reason why, for the record
 * @param keepOutputs true to stop without removing anything: the checkpoints and finished disks stay in the target
 *        folder, because a later attempt of the same job resumes from them (the scheduler sends this when a lease
 *        lapsed and the job is re-queued); false (a person cancelled the job) to remove the partial outputs
 */
public record ConversionCancel(String jobId, int attempt, String reason, boolean keepOutputs) {

    /** A cancel that removes the job's partial outputs. */
    public ConversionCancel(String jobId, int attempt, String reason) {
        this(jobId, attempt, reason, false);
    }
}
