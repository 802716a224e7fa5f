package dev.ferry.events.wave;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One job of a wave moved from one state to another.
 *
 * @param waveId the job's wave (the Kafka key)
 * @param jobId the job
 * @param machineId the machine the job migrates
 * @param machineName the machine's name
 * @param from the state it left
 * @param to the state it is in now ("PENDING", "QUEUED", "DISPATCHED", "CONVERTING", "VERIFYING", "COMPLETED",
 *        "FAILED", "CANCELLING", "CANCELLED", "BLOCKED")
 * @param attempt the job's attempt number at the time (0 before the first dispatch)
 * @param reason why, in words
 * @param at when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStateChanged(String waveId, String jobId, String machineId, String machineName, String from,
        String to, int attempt, String reason, Instant at) {
}
