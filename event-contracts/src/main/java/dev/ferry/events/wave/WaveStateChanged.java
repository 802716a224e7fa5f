package dev.ferry.events.wave;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A wave moved from one state to another.
 *
 * @param waveId the wave (the Kafka key)
 * @param waveName what people call the wave
 * @param from the state it left, or null when the wave was just created
 * @param to the state it is in now ("PLANNED", "SCHEDULED", "RUNNING", "PAUSED", "COMPLETED",
 *        "COMPLETED_WITH_FAILURES", "CANCELLED")
 * @param reason why, in words
 * @param at when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaveStateChanged(String waveId, String waveName, String from, String to, String reason, Instant at) {
}
