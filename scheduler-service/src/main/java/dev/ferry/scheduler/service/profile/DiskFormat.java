package dev.ferry.scheduler.service.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A disk image format the target takes, with the largest disk it holds.
 *
 * @param format "vhd", "vhdx", "qcow2" or "raw"
 * @param subformat "dynamic" or "fixed" for VHD and VHDX; null for the format's default
 * @param maxSizeGiB largest virtual disk in GiB (VHD 2,040, VHDX 65,536)
 */
public record DiskFormat(
        @NotNull @Pattern(regexp = "vhd|vhdx|qcow2|raw", message = "must be one of vhd, vhdx, qcow2, raw") String format,
        @Pattern(regexp = "dynamic|fixed", message = "must be dynamic or fixed") String subformat,
        @NotNull @Valid Limit maxSizeGiB) {

    /** Whether a disk of {@code bytes} fits this format. */
    public boolean holds(long bytes) {
        return bytes <= maxSizeGiB.value() * TargetProfile.GIB;
    }
}
