package dev.ferry.scheduler.service.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * What one virtual machine may have on the target.
 *
 * @param virtualProcessors virtual processors per VM
 * @param memoryGiB memory per VM in GiB
 */
public record VmLimits(@NotNull @Valid Limit virtualProcessors, @NotNull @Valid Limit memoryGiB) {
}
