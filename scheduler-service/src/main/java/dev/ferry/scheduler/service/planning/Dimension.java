package dev.ferry.scheduler.service.planning;

/** The resources of a target host that placement keeps within limits. */
public enum Dimension {
    /** Virtual machines running on the host. */
    RUNNING_VMS,
    /** Virtual processors of the VMs on the host, within the profile's limit and the vCPU:LP ratio. */
    VIRTUAL_PROCESSORS,
    /** Memory of the VMs on the host, in bytes. */
    MEMORY,
    /** Capacity of the VMs' disks, in bytes (when the hosts' storage is given). */
    STORAGE
}
