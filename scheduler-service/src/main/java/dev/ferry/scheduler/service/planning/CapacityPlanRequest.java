package dev.ferry.scheduler.service.planning;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a capacity plan is asked for: the machines of an assessment, and either identical hosts or a list of hosts.
 *
 * @param assessmentId the assessment whose machines are placed, with its plans' vCPUs and memory after caps
 * @param identicalHosts identical hosts, as many as needed or up to a count
 * @param hosts an explicit list of hosts
 * @param headroomPercent share of each host's processors, memory and storage kept free; the configured default when
 *        null
 * @param vcpuPerLogicalProcessor vCPU:LP ratio; the profile's supported ratio, else the configured default, when null
 * @param includeNotReady whether machines the assessment found not ready are placed too (they are listed as unplaced
 *        otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapacityPlanRequest(
        @NotNull UUID assessmentId,
        @Valid IdenticalHosts identicalHosts,
        @Size(max = 10_000) List<@NotNull @Valid HostSpec> hosts,
        @DecimalMin("0") @DecimalMax("90") Double headroomPercent,
        @Positive @DecimalMax("64") Double vcpuPerLogicalProcessor,
        boolean includeNotReady) {

    /**
     * Identical hosts.
     *
     * @param count the most hosts available, or null for as many as needed
     * @param logicalProcessors logical processors per host
     * @param memoryGiB memory per host in GiB
     * @param storageGiB storage per host in GiB, or null when storage is planned elsewhere
     */
    public record IdenticalHosts(@Positive Integer count, @Positive int logicalProcessors, @Positive long memoryGiB,
            @Positive Long storageGiB) {
    }
}
