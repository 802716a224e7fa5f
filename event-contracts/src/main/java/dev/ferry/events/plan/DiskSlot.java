package dev.ferry.events.plan;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/**
 * Where a disk is attached in the target VM: Hyper-V's IDE 0:0 is {@code (IDE, 0, 0)}, its first SCSI disk
 * {@code (SCSI, 0, 0)}; KVM's first virtio disk is {@code (VIRTIO, 0, 0)}.
 *
 * @param bus controller kind
 * @param controller controller number
 * @param location position on the controller
 */
public record DiskSlot(Bus bus, int controller, int location) {

    /** Disk controller kinds a target offers. */
    public enum Bus {
        IDE,
        SCSI,
        SATA,
        VIRTIO,
        @JsonEnumDefaultValue
        UNKNOWN
    }

    @Override
    public String toString() {
        return bus + " " + controller + ":" + location;
    }
}
