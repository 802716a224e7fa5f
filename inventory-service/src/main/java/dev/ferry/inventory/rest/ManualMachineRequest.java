package dev.ferry.inventory.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.GuestOs;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.SourceKind;

/**
 * A machine described by a person.
 *
 * @param name display name
 * @param cpus processor count
 * @param memoryBytes memory in bytes
 * @param firmware boot firmware; BIOS when omitted
 * @param guestOs guest operating system, if known
 * @param disks disks, boot disk marked
 * @param nics network adapters
 */
public record ManualMachineRequest(
        @NotBlank @Size(max = 255) String name,
        @Positive int cpus,
        @PositiveOrZero long memoryBytes,
        Firmware firmware,
        GuestOs guestOs,
        @NotNull @Size(max = 256) List<@Valid @NotNull Disk> disks,
        @Size(max = 64) List<@NotNull Nic> nics) {

    MachineRecord toRecord() {
        return new MachineRecord(null, null, SourceKind.MANUAL, null, name.trim(), PowerState.UNKNOWN,
                guestOs == null ? GuestOs.UNKNOWN : guestOs, firmware == null ? Firmware.BIOS : firmware,
                new Cpu(cpus, 0, 0), memoryBytes, disks, nics, null, null, null, null, null, null, null, null, null);
    }
}
