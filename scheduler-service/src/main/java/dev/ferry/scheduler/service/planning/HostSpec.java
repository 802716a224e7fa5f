package dev.ferry.scheduler.service.planning;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The hardware of one target host.
 *
 * @param name the host's name in reports
 * @param logicalProcessors logical processors (cores × threads)
 * @param memoryGiB memory in GiB
 * @param storageGiB storage for VM disks in GiB, or null when storage is planned elsewhere
 */
public record HostSpec(@NotBlank @Size(max = 200) String name, @Positive int logicalProcessors,
        @Positive long memoryGiB, @Positive Long storageGiB) {
}
