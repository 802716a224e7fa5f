package dev.ferry.events.machine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A virtual or physical disk.
 *
 * @param key the source's key for the disk (vSphere device key, OVF disk id, block device name)
 * @param label display label ("Hard disk 1", "sda")
 * @param capacityBytes capacity in bytes; 0 or less when the source does not know
 * @param controller the controller the disk hangs off
 * @param bus controller bus number
 * @param unit unit number on the controller
 * @param boot whether the machine boots from this disk
 * @param backing backing file or device ("[datastore1] vm/vm.vmdk", "/dev/sda")
 * @param thin whether the disk is thin provisioned (null when unknown)
 * @param mode disk mode (independent disks are not captured by snapshots)
 * @param sharing sharing mode ("sharingNone", "sharingMultiWriter"), or null
 * @param rdm whether the disk is a raw device mapping
 * @param content where a conversion worker can read the disk's bytes, or null when nowhere (RVTools)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Disk(
        String key,
        String label,
        long capacityBytes,
        Controller controller,
        int bus,
        int unit,
        boolean boot,
        String backing,
        Boolean thin,
        DiskMode mode,
        String sharing,
        boolean rdm,
        DiskContent content) {

    /** Whether the disk is shared between machines (multi-writer). */
    public boolean shared() {
        return sharing != null && !sharing.isBlank() && !"sharingNone".equals(sharing);
    }

    /** Disk controller kinds. */
    public enum Controller {
        IDE,
        SCSI,
        SATA,
        NVME,
        @com.fasterxml.jackson.annotation.JsonEnumDefaultValue
        UNKNOWN
    }
}
