package dev.ferry.events.plan;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.machine.DiskContent;

/**
 * How one disk is converted.
 *
 * @param diskKey the source disk's key in the machine record
 * @param label the source disk's label
 * @param capacityBytes virtual size of the disk
 * @param source where the worker reads the disk's bytes
 * @param targetFormat image format written: "vhd", "vhdx", "qcow2" or "raw"
 * @param targetSubformat "dynamic" or "fixed" (VHD, VHDX), or null for the format's default
 * @param fileName file name of the target image within the job's target folder
 * @param slot controller slot the disk is attached to in the target VM
 * @param boot whether the target VM boots from this disk
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskPlan(
        String diskKey,
        String label,
        long capacityBytes,
        DiskContent source,
        String targetFormat,
        String targetSubformat,
        String fileName,
        DiskSlot slot,
        boolean boot) {
}
