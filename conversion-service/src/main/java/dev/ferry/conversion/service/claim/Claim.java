package dev.ferry.conversion.service.claim;

import dev.ferry.conversion.service.job.StopReason;

/**
 * What a worker does with a delivered request after trying to claim its attempt.
 *
 * @param run whether this worker now holds the attempt and converts
 * @param takeover whether it took the attempt over from a worker that stopped (it resumes from checkpoints)
 * @param cancellation how the job was cancelled before it ran ({@link StopReason#CANCELLED}: remove its outputs;
 *        {@link StopReason#TAKEN_BACK}: keep them), or null when it was not
 * @param reason why the request is skipped, when it is
 */
public record Claim(boolean run, boolean takeover, StopReason cancellation, String reason) {

    static Claim skip(String reason) {
        return new Claim(false, false, null, reason);
    }

    static Claim granted(boolean takeover, StopReason cancellation) {
        return new Claim(true, takeover, cancellation, null);
    }
}
