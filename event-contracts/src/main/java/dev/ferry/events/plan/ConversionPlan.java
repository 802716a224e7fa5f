package dev.ferry.events.plan;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.machine.Firmware;

/**
 * What conversion will make of one machine, with every remediation already applied: assessment produces it, a wave
 * carries it in its conversion requests, and a worker follows it without second-guessing.
 *
 * @param machineId the machine converted
 * @param machineName the name the target VM gets
 * @param profileId the target profile the plan was made for ("hyperv-2008r2", "kvm")
 * @param platform the target's hypervisor family
 * @param generation Hyper-V generation (1 or 2); 0 for other platforms
 * @param firmware BIOS or EFI on the target
 * @param secureBoot whether secure boot is on in the target
 * @param vcpus virtual processors after caps
 * @param memoryBytes memory after caps
 * @param disks the disks to convert, boot disk first
 * @param nics the network adapters the target VM gets
 * @param remediations what the plan changed relative to the source, for people to read
 * @param secureBootTemplate the Hyper-V Secure Boot template when secure boot is on ("MicrosoftWindows",
 *        "MicrosoftUEFICertificateAuthority" for Linux guests), or null for the target's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversionPlan(
        String machineId,
        String machineName,
        String profileId,
        TargetPlatform platform,
        int generation,
        Firmware.Type firmware,
        boolean secureBoot,
        int vcpus,
        long memoryBytes,
        List<DiskPlan> disks,
        List<NicPlan> nics,
        List<Remediation> remediations,
        String secureBootTemplate) {

    public ConversionPlan {
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        remediations = remediations == null ? List.of() : List.copyOf(remediations);
    }

    /** A plan without a Secure Boot template (the target's default). */
    public ConversionPlan(String machineId, String machineName, String profileId, TargetPlatform platform,
            int generation, Firmware.Type firmware, boolean secureBoot, int vcpus, long memoryBytes,
            List<DiskPlan> disks, List<NicPlan> nics, List<Remediation> remediations) {
        this(machineId, machineName, profileId, platform, generation, firmware, secureBoot, vcpus, memoryBytes, disks,
                nics, remediations, null);
    }

    /** Total capacity of the planned disks in bytes. */
    public long totalDiskBytes() {
        return disks.stream().mapToLong(DiskPlan::capacityBytes).sum();
    }
}
