package dev.ferry.scheduler.service.job;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job in a list.
 *
 * @param id the job
 * @param waveId its wave
 * @param position its dispatch order in the wave
 * @param machineId the machine it migrates
 * @param machineName the machine's name
 * @param state its state
 * @param attempt the latest attempt dispatched
 * @param bytesDone guest bytes converted
 * @param bytesTotal guest bytes in all
 * @param lastError the error of its latest failed attempt, or null
 * @param stateChangedAt when it entered its state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSummary(UUID id, UUID waveId, int position, UUID machineId, String machineName, JobState state,
        int attempt, long bytesDone, long bytesTotal, String lastError, Instant stateChangedAt) {
}
