package dev.ferry.inventory.service.agent;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * What ferry-agent reports about a physical Linux host (the agent's HostFacts, as JSON).
 *
 * @param biosUuid SMBIOS UUID; the host's identity when present
 * @param machineId /etc/machine-id; the identity when there is no BIOS UUID
 * @param firmware "EFI" or "BIOS"
 */
public record AgentFacts(
        @NotBlank @Size(max = 255) String hostName,
        @Size(max = 64) String biosUuid,
        @Size(max = 64) String machineId,
        @Size(max = 255) String vendor,
        @Size(max = 255) String product,
        @Size(max = 16) String firmware,
        Boolean secureBoot,
        @Valid Os os,
        @NotNull @Valid Cpu cpu,
        @PositiveOrZero long memoryBytes,
        @Size(max = 256) List<@Valid @NotNull BlockDevice> disks,
        @Size(max = 256) List<@Valid @NotNull NetworkInterface> nics,
        @Size(max = 1024) List<String> ipAddresses,
        @Size(max = 32) String agentVersion) {

    /** From /etc/os-release. */
    public record Os(String id, String name, String version, String architecture) {
    }

    public record Cpu(@PositiveOrZero int logical, @PositiveOrZero int sockets, @PositiveOrZero int coresPerSocket,
            String model) {
    }

    public record BlockDevice(@NotBlank @Size(max = 64) String name, @PositiveOrZero long sizeBytes,
            boolean rotational, boolean removable, String transport, String model, String serial,
            List<String> partitions, boolean boot, @Size(max = 2048) String nbdUri) {
    }

    public record NetworkInterface(@NotBlank @Size(max = 64) String name, String mac, Integer speedMbps,
            List<String> addresses) {
    }
}
