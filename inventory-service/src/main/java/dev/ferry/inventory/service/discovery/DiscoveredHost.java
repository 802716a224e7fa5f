package dev.ferry.inventory.service.discovery;

/**
 * A hypervisor host a source describes, for sizing target hosts.
 *
 * @param product hypervisor product and version
 * @param vmCount virtual machines the host runs
 */
public record DiscoveredHost(String name, String datacenter, String cluster, String vendor, String model,
        String cpuModel, int cpuSockets, int cpuCores, int cpuThreads, long memoryBytes, String product,
        int vmCount) {
}
