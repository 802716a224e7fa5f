package dev.ferry.scheduler.service.profile;

import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.machine.Firmware;

/**
 * How a VM of this target boots: Generation 1 boots BIOS from IDE, Generation 2 boots UEFI from SCSI.
 *
 * @param firmwares firmware the target VM can have; a source with other firmware cannot be converted for it
 * @param maxBootDiskGiB largest disk the firmware boots from in full (Generation 1: 2 TB), or null for no limit
 * @param secureBoot whether the target offers UEFI Secure Boot
 * @param requires64BitGuest whether 32-bit guests are refused (Generation 2)
 * @param otherGeneration the id of the profile for the same host in the other generation, suggested when firmware
 *        rules a machine out here; null when the host has one generation only
 * @param source where these rules are documented
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BootRules(
        @NotEmpty Set<Firmware.@NotNull Type> firmwares,
        @Valid Limit maxBootDiskGiB,
        boolean secureBoot,
        boolean requires64BitGuest,
        @Pattern(regexp = TargetProfile.ID_PATTERN) String otherGeneration,
        @NotBlank @Size(max = 500) String source) {
}
