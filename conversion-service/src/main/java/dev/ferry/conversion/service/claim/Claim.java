package dev.ferry.conversion.service.claim;

/**
 * What a worker does with a delivered request after trying to claim its attempt.
 *
 * @param run whether this worker now holds the attempt and converts
 * @param takeover whether it took the attempt over from a worker that stopped (it resumes from checkpoints)
 * @param cancelRequested whether the job was cancelled before it ran: remove its outputs and publish CANCELLED
 * @param reason why the request is skipped, when it is
 */
public record Claim(boolean run, boolean takeover, boolean cancelRequested, String reason) {

    static Claim skip(String reason) {
        return new Claim(false, false, false, reason);
    }

    static Claim granted(boolean takeover, boolean cancelRequested) {
        return new Claim(true, takeover, cancelRequested, null);
    }
}
