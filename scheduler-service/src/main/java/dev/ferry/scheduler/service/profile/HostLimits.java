package dev.ferry.scheduler.service.profile;

import jakarta.validation.Valid;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one target host may carry; a missing figure means the platform states no limit.
 *
 * @param runningVms virtual machines running at once on a host
 * @param virtualProcessors virtual processors of all running VMs together
 * @param logicalProcessors logical processors the hypervisor uses (a host with more leaves the rest idle)
 * @param memoryGiB host memory the hypervisor uses, in GiB
 * @param vcpuPerLogicalProcessor supported ratio of virtual to logical processors (8 means 8:1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostLimits(
        @Valid Limit runningVms,
        @Valid Limit virtualProcessors,
        @Valid Limit logicalProcessors,
        @Valid Limit memoryGiB,
        @Valid Limit vcpuPerLogicalProcessor) {
}
