package dev.ferry.scheduler.service.wave;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.scheduler.service.job.JobState;
import dev.ferry.scheduler.service.job.RetryPolicy;

/**
 * A wave as the API shows it: its settings, state, jobs per state, bytes, rate and estimated finish.
 *
 * @param id the wave
 * @param name what people call it
 * @param state its state
 * @param profileId the target profile
 * @param target its storage root and folder
 * @param window when jobs may start, or null for any time
 * @param limits its limits of jobs in flight
 * @param retry its retry policy
 * @param jobs jobs per state
 * @param jobsInFlight jobs counting against the limits now
 * @param bytesDone guest bytes converted over its jobs (blocked ones left out)
 * @param bytesTotal guest bytes of its jobs (blocked ones left out)
 * @param bytesPerSecond current rate of its running jobs together
 * @param etaSeconds seconds left at the current rate, or null when nothing runs
 * @param estimatedFinish when it finishes at the current rate, or null when nothing runs
 * @param createdAt when it was submitted
 * @param stateChangedAt when it entered its state
 * @param transitions the states it went through with time and reason, oldest first (only on a single wave)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaveStatus(UUID id, String name, WaveState state, String profileId, WaveRequest.Target target,
        WaveRequest.Window window, WaveRequest.Limits limits, RetryPolicy retry, Map<JobState, Long> jobs,
        long jobsInFlight, long bytesDone, long bytesTotal, long bytesPerSecond, Long etaSeconds,
        Instant estimatedFinish, Instant createdAt, Instant stateChangedAt, List<Transition> transitions) {

    /**
     * A state the wave entered.
     *
     * @param from the state it left, or null for its first
     * @param to the state it entered
     * @param at when
     * @param reason why
     */
    public record Transition(WaveState from, WaveState to, Instant at, String reason) {
    }
}
