package dev.ferry.scheduler.service.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.machine.OsFamily;

/**
 * A guest system the target knows about. A machine matches the first entry whose pattern matches its guest id (the
 * vSphere guestId or os-release ID), or, for entries without a pattern, whose family matches its OS family.
 *
 * @param name what people call the guest ("Windows Server 2008 R2")
 * @param family OS family matched when there is no pattern
 * @param pattern regular expression over the whole guest id, case-insensitive; a named group {@code version} takes
 *        the version compared with {@code minVersion}
 * @param minVersion lowest version matched, or null
 * @param supported false for entries that name guests the target does not support (null means true)
 * @param integrationServices whether the guest has the target's paravirtual drivers (Hyper-V integration services,
 *        virtio); without them it gets emulated NICs and disks only (null means true)
 * @param maxVirtualProcessors the guest's own processor cap below the VM limit (Windows 7 SP1: 4), or null
 * @param source where the support statement is documented
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuestSupport(
        @NotBlank @Size(max = 200) String name,
        OsFamily family,
        @Size(max = 500) String pattern,
        @PositiveOrZero Integer minVersion,
        Boolean supported,
        Boolean integrationServices,
        @Valid Limit maxVirtualProcessors,
        @Size(max = 500) String source) {

    /** Whether the target supports this guest. */
    public boolean isSupported() {
        return supported == null || supported;
    }

    /** Whether the guest has the target's paravirtual drivers. */
    public boolean hasIntegrationServices() {
        return integrationServices == null || integrationServices;
    }
}
