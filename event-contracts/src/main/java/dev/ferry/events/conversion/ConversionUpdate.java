package dev.ferry.events.conversion;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a worker reports about a job; the event type says what happened (started, progress, checkpoint, completed,
 * failed, cancelled).
 *
 * @param jobId the job
 * @param attempt the attempt the worker is running
 * @param workerId the worker running it
 * @param diskKey the disk this update is about, or null for the whole job
 * @param bytesDone guest bytes done (of the disk, or of the job)
 * @param bytesTotal guest bytes in all (of the disk, or of the job)
 * @param bytesPerSecond current rate
 * @param message what happened, in words; for a failure, the reason (a parser's message names offset and problem)
 * @param retryable for a failure: whether trying again may succeed (false for a corrupt source)
 * @param disks for a completed job: the disks written
 * @param definitionFiles for a completed job: VM definition files written, relative to the target folder
 * @param phase what the worker is doing for this job or disk now
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversionUpdate(
        String jobId,
        int attempt,
        String workerId,
        String diskKey,
        long bytesDone,
        long bytesTotal,
        long bytesPerSecond,
        String message,
        boolean retryable,
        List<DiskResult> disks,
        List<String> definitionFiles,
        Phase phase) {

    /** The stages of a job on a worker, in order. */
    public enum Phase {
        /** Checking the plan, the target folder and that every source can be opened. */
        VALIDATING,
        /** Copying and converting disk data. */
        CONVERTING,
        /** Reading targets back and comparing their digests with the sources'. */
        VERIFYING,
        /** Writing the VM definition (PowerShell and manifest, libvirt XML, KubeVirt manifest). */
        WRITING_DEFINITION,
        /** Nothing left to do: completed, failed or cancelled. */
        DONE,
        @com.fasterxml.jackson.annotation.JsonEnumDefaultValue
        UNKNOWN
    }
}
