package dev.ferry.scheduler.service.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.conversion.TargetLocation;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.Readiness;

/**
 * A job with everything known about it: state, itinerary with per-step status and times, per-disk progress, attempts
 * with their errors, and every transition.
 *
 * @param id the job
 * @param waveId its wave
 * @param position its dispatch order in the wave
 * @param machineId the machine it migrates
 * @param machineName the machine's name
 * @param state its state
 * @param attempt the latest attempt dispatched (0 before the first)
 * @param attemptsLeft attempts the retry policy still allows
 * @param retryAt when a queued retry may be dispatched, or null
 * @param leaseExpiresAt when the worker's hold lapses unless it reports, or null
 * @param sourceHost the source host it runs on, or null
 * @param datastores the source datastores of its files
 * @param targetHost the target host it is placed on, or null
 * @param target where its outputs are written
 * @param readiness its assessment verdict
 * @param findings what assessment found (stored JSON, passed through as it is)
 * @param bytesDone guest bytes converted over its disks
 * @param bytesTotal guest bytes of its disks
 * @param bytesPerSecond its current rate
 * @param etaSeconds seconds left at the current rate, or null when it is not converting
 * @param lastError the error of its latest failed attempt, or null
 * @param definitionFiles VM definition files written (relative to its folder), once completed
 * @param itinerary its steps in order
 * @param disks its disks with their progress
 * @param attempts its attempts, oldest first
 * @param transitions its states with time, reason and attempt, oldest first
 * @param plan what conversion makes of the machine (stored JSON, passed through as it is)
 * @param createdAt when it was made
 * @param stateChangedAt when it entered its state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobDetail(UUID id, UUID waveId, int position, UUID machineId, String machineName, JobState state,
        int attempt, int attemptsLeft, Instant retryAt, Instant leaseExpiresAt, String sourceHost,
        List<String> datastores, String targetHost, TargetLocation target, Readiness readiness,
        @JsonRawValue @Schema(type = SchemaType.ARRAY, implementation = Finding.class) String findings, long bytesDone,
        long bytesTotal, long bytesPerSecond, Long etaSeconds,
        String lastError, List<String> definitionFiles, List<Step> itinerary, List<DiskProgress> disks,
        List<Attempt> attempts, List<Transition> transitions,
        @JsonRawValue @Schema(implementation = ConversionPlan.class) String plan, Instant createdAt,
        Instant stateChangedAt) {

    /**
     * One step of the itinerary.
     *
     * @param kind what is done
     * @param diskKey the disk it is done to, or null for the whole job
     * @param status how far it is
     * @param startedAt when it started, or null
     * @param endedAt when it ended, or null
     * @param message why it failed, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(StepKind kind, String diskKey, StepStatus status, Instant startedAt, Instant endedAt,
            String message) {
    }

    /**
     * One disk's progress.
     *
     * @param diskKey the source disk
     * @param label its label
     * @param fileName the target image's file name
     * @param targetFormat the target image's format
     * @param phase what the worker does with it now
     * @param bytesDone guest bytes converted
     * @param bytesTotal guest bytes in all
     * @param bytesPerSecond current rate
     * @param etaSeconds seconds left at the current rate, or null
     * @param checkpointBytes bytes durable at the latest checkpoint (where a retry resumes)
     * @param fileSize bytes the image occupies, once written
     * @param digest digest of the guest-visible content, once verified
     * @param reportedAt when the worker last reported on it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DiskProgress(String diskKey, String label, String fileName, String targetFormat, Phase phase,
            long bytesDone, long bytesTotal, long bytesPerSecond, Long etaSeconds, long checkpointBytes,
            Long fileSize, String digest, Instant reportedAt) {
    }

    /**
     * One attempt.
     *
     * @param attempt its number
     * @param workerId the worker that ran it, or null before one started it
     * @param dispatchedAt when its request was sent
     * @param startedAt when a worker started it, or null
     * @param endedAt when it ended, or null while it runs
     * @param outcome how it ended, or null while it runs
     * @param message the error or other words on how it ended
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, String workerId, Instant dispatchedAt, Instant startedAt, Instant endedAt,
            AttemptOutcome outcome, String message) {
    }

    /**
     * A state the job entered.
     *
     * @param from the state it left, or null for its first
     * @param to the state it entered
     * @param attempt the attempt at the time
     * @param at when
     * @param reason why
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transition(JobState from, JobState to, int attempt, Instant at, String reason) {
    }
}
