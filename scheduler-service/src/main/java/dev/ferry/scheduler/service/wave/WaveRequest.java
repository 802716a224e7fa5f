package dev.ferry.scheduler.service.wave;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.scheduler.service.planning.CapacityPlanRequest;
import dev.ferry.scheduler.service.planning.HostSpec;

/**
 * A wave as a person submits it.
 *
 * @param name what people call the wave
 * @param machines the machines to migrate, by id, in the order they are to be dispatched
 * @param profileId the target profile they are converted for
 * @param target the storage root and folder the converted machines are written to (one folder per machine below it)
 * @param window when the wave may start jobs, or null for at once and without end
 * @param limits how much may run at once
 * @param retry attempts per job and the back-off between them, or null for the configured policy
 * @param targetHosts the target hosts to place the machines on, so that per-target-host limits apply, or null
 * @param skipBlocked true to leave out machines with blockers (and machines that fit on no target host) instead of
 *        refusing the wave; they become BLOCKED jobs
 * @param dryRun true to return the plan without storing or starting anything
 * @param hold true to keep the wave PLANNED until a person starts it with POST /{id}/resume
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaveRequest(
        @NotBlank @Size(max = 200) String name,
        @NotEmpty @Size(max = 10_000) List<@NotNull UUID> machines,
        @NotBlank @Size(max = 63) String profileId,
        @NotNull @Valid Target target,
        @Valid Window window,
        @Valid Limits limits,
        @Valid Retry retry,
        @Valid TargetHosts targetHosts,
        boolean skipBlocked,
        boolean dryRun,
        boolean hold) {

    /**
     * Where converted machines are written.
     *
     * @param storageRoot the name of a configured storage root ({@code ferry.scheduler.storage-roots})
     * @param folder a relative folder under it
     */
    public record Target(@NotBlank String storageRoot, @NotBlank String folder) {
    }

    /**
     * When jobs may start: none before {@code notBefore}; none after {@code notAfter} (running jobs finish).
     *
     * @param notBefore the window opens, or null for now
     * @param notAfter the window closes, or null for never
     */
    public record Window(Instant notBefore, Instant notAfter) {
    }

    /**
     * Jobs in flight (dispatched and not finished) at most. A source host, datastore or target host counts the jobs
     * in flight of every wave on it.
     *
     * @param jobsInFlight of this wave; the global limit when null
     * @param perSourceHost on one source host, or null for no limit
     * @param perDatastore reading one source datastore, or null for no limit
     * @param perTargetHost placed on one target host, or null for no limit
     */
    public record Limits(@Positive @Max(10_000) Integer jobsInFlight, @Positive Integer perSourceHost,
            @Positive Integer perDatastore, @Positive Integer perTargetHost) {
    }

    /**
     * How often a job is tried and how long to wait in between.
     *
     * @param attempts attempts per job, the first included
     * @param backoff wait before the first retry ("PT30S"); doubled for each further one
     * @param maxBackoff the longest wait
     */
    public record Retry(@Min(1) @Max(100) Integer attempts, Duration backoff, Duration maxBackoff) {
    }

    /**
     * The target hosts the wave's machines are placed on (as capacity planning does), either identical hosts or a list.
     *
     * @param identicalHosts identical hosts, as many as needed or up to a count
     * @param hosts an explicit list of hosts
     * @param headroomPercent share of each host kept free; the configured default when null
     * @param vcpuPerLogicalProcessor vCPU:LP ratio; the profile's, else the configured default, when null
     */
    public record TargetHosts(@Valid CapacityPlanRequest.IdenticalHosts identicalHosts,
            @Size(max = 10_000) List<@NotNull @Valid HostSpec> hosts,
            @DecimalMin("0") @DecimalMax("90") Double headroomPercent,
            @Positive @DecimalMax("64") Double vcpuPerLogicalProcessor) {
    }
}
