package dev.ferry.events.machine;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything Ferry knows about one machine, whatever source it came from (vSphere, RVTools, OVF/OVA, a physical
 * host). The inventory publishes the whole record on every change; the scheduler assesses and plans from it; the
 * conversion workers read disks from where {@link Disk#content()} says.
 *
 * @param id Ferry's machine id (stable across rediscovery)
 * @param sourceId the inventory source the machine was found in
 * @param sourceKind what kind of source that is
 * @param externalIds the source's own identifiers
 * @param name display name in the source
 * @param powerState power state when last seen
 * @param guestOs guest operating system
 * @param firmware BIOS or EFI, and secure boot
 * @param cpu virtual or physical processors
 * @param memoryBytes memory in bytes
 * @param disks disks in controller order
 * @param nics network adapters
 * @param snapshots snapshots present (a chain that needs consolidation before conversion)
 * @param changedBlockTracking whether changed block tracking is on (null when unknown)
 * @param placement where the machine runs in the source
 * @param tools guest tools (VMware Tools) state, or null
 * @param ipAddresses addresses seen on the guest
 * @param hostName guest host name
 * @param devices other hardware that affects migration (passthrough, USB, vTPM, hot-plug)
 * @param firstSeen when the inventory first saw the machine
 * @param lastSeen when a discovery last saw the machine
 * @param goneSince when a discovery first found the machine missing from its source, or null while it is present
 *        (published records are never gone: a gone machine's key gets a tombstone)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineRecord(
        String id,
        String sourceId,
        SourceKind sourceKind,
        ExternalIds externalIds,
        String name,
        PowerState powerState,
        GuestOs guestOs,
        Firmware firmware,
        Cpu cpu,
        long memoryBytes,
        List<Disk> disks,
        List<Nic> nics,
        List<Snapshot> snapshots,
        Boolean changedBlockTracking,
        Placement placement,
        String tools,
        List<String> ipAddresses,
        String hostName,
        SpecialDevices devices,
        Instant firstSeen,
        Instant lastSeen,
        Instant goneSince) {

    public MachineRecord {
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
        ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
        devices = devices == null ? SpecialDevices.NONE : devices;
    }

    /** A machine that is present in its source. */
    public MachineRecord(String id, String sourceId, SourceKind sourceKind, ExternalIds externalIds, String name,
            PowerState powerState, GuestOs guestOs, Firmware firmware, Cpu cpu, long memoryBytes, List<Disk> disks,
            List<Nic> nics, List<Snapshot> snapshots, Boolean changedBlockTracking, Placement placement, String tools,
            List<String> ipAddresses, String hostName, SpecialDevices devices, Instant firstSeen, Instant lastSeen) {
        this(id, sourceId, sourceKind, externalIds, name, powerState, guestOs, firmware, cpu, memoryBytes, disks, nics,
                snapshots, changedBlockTracking, placement, tools, ipAddresses, hostName, devices, firstSeen, lastSeen,
                null);
    }

    /** The disk the machine boots from, or null when the source does not say. */
    public Disk bootDisk() {
        return disks.stream().filter(Disk::boot).findFirst().orElse(null);
    }
}
