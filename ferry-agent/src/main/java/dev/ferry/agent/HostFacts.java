package dev.ferry.agent;

import java.util.List;

/**
 * What the agent reports about its host; the JSON body of {@code POST /api/v1/agent/registrations}.
 *
 * @param biosUuid the SMBIOS UUID (/sys/class/dmi/id/product_uuid), or null where there is no DMI or it is unreadable
 * @param machineId /etc/machine-id, the identity used when there is no BIOS UUID
 * @param firmware "EFI" or "BIOS"
 * @param memoryBytes MemTotal from /proc/meminfo
 */
record HostFacts(String hostName, String biosUuid, String machineId, String vendor, String product,
        String firmware, Boolean secureBoot, Os os, Cpu cpu, long memoryBytes, List<BlockDevice> disks,
        List<NetworkInterface> nics, List<String> ipAddresses, String agentVersion) {

    /** From /etc/os-release and uname. */
    record Os(String id, String name, String version, String architecture) {
    }

    /**
     * From /proc/cpuinfo.
     *
     * @param logical processors the kernel runs (what nproc counts on a host without CPU limits)
     */
    record Cpu(int logical, int sockets, int coresPerSocket, String model) {
    }

    /**
     * A whole disk from /sys/block.
     *
     * @param transport how it is attached: nvme, sata, scsi, virtio, usb, or null when unknown
     * @param boot whether the root file system lives on it
     * @param nbdUri where a conversion worker reads it (the host exports it with qemu-nbd or nbdkit), or null
     */
    record BlockDevice(String name, long sizeBytes, boolean rotational, boolean removable, String transport,
            String model, String serial, List<String> partitions, boolean boot, String nbdUri) {
    }

    /** A physical network interface from /sys/class/net. */
    record NetworkInterface(String name, String mac, Integer speedMbps, List<String> addresses) {
    }
}
