package dev.ferry.conversion.service.definition;

import java.util.List;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.Remediation;

/**
 * Writes the PowerShell script that creates a converted machine on a Hyper-V host: New-VM with the planned
 * generation and memory, the processor count, every disk on its planned IDE or SCSI slot, the boot device and Secure
 * Boot template for Generation 2, and synthetic or legacy network adapters with their MAC addresses. Disk paths are
 * relative to the script's own folder ({@code $PSScriptRoot}), so the folder can be copied to the host as it is.
 */
final class HyperVScript {

    static final String DEFAULT_SECURE_BOOT_TEMPLATE = "MicrosoftWindows";

    private HyperVScript() {
    }

    static String render(ConversionPlan plan, List<PlannedDisk> disks, String jobId) throws RequestRefusedException {
        int generation = plan.generation() == 2 ? 2 : 1;
        StringBuilder script = new StringBuilder();
        script.append("# Creates the Hyper-V virtual machine ").append(quote(plan.machineName()))
                .append(", converted by Ferry (job ").append(jobId).append(").\n");
        script.append("# Run it on the Hyper-V host from this folder (or a copy of it): the disks are taken from the ")
                .append("folder the script is in.\n");
        for (Remediation remediation : plan.remediations()) {
            script.append("# Remediation ").append(remediation.ruleId()).append(": ")
                    .append(oneLine(remediation.description())).append('\n');
        }
        script.append("#Requires -Modules Hyper-V\n");
        script.append("[CmdletBinding()]\nparam(\n");
        script.append("    # Virtual switch the network adapters connect to; they stay unconnected when empty.\n");
        script.append("    [string] $SwitchName = '',\n");
        script.append("    # Folder where Hyper-V keeps the virtual machine's configuration.\n");
        script.append("    [string] $Path = $PSScriptRoot\n)\n");
        script.append("$ErrorActionPreference = 'Stop'\n\n");
        script.append("$vm = New-VM -Name ").append(quote(plan.machineName())).append(" -Generation ")
                .append(generation).append(" -MemoryStartupBytes ").append(plan.memoryBytes())
                .append(" -NoVHD -Path $Path\n");
        script.append("Set-VMProcessor -VM $vm -Count ").append(Math.max(1, plan.vcpus())).append('\n');
        script.append("Set-VMMemory -VM $vm -DynamicMemoryEnabled $false\n\n");
        appendDisks(script, disks, generation);
        appendNetworkAdapters(script, plan.nics(), generation);
        appendFirmware(script, plan, disks, generation);
        script.append("\nWrite-Output \"Created virtual machine $($vm.Name) (Generation ").append(generation)
                .append(")\"\n");
        return script.toString();
    }

    private static void appendDisks(StringBuilder script, List<PlannedDisk> disks, int generation)
            throws RequestRefusedException {
        script.append("# Disks, boot disk first, on their planned controller slots.\n");
        int scsiControllers = 0;
        boolean ideOneUsed = false;
        for (PlannedDisk disk : disks) {
            DiskSlot slot = disk.plan().slot();
            if (slot == null || slot.bus() != DiskSlot.Bus.IDE && slot.bus() != DiskSlot.Bus.SCSI) {
                throw new RequestRefusedException("disk " + disk.plan().diskKey() + " is planned on " + slot
                        + "; Hyper-V attaches disks to IDE or SCSI");
            }
            if (slot.bus() == DiskSlot.Bus.IDE && generation == 2) {
                throw new RequestRefusedException("disk " + disk.plan().diskKey()
                        + " is planned on IDE, which a Generation 2 virtual machine does not have");
            }
            if (slot.bus() == DiskSlot.Bus.IDE && (slot.controller() > 1 || slot.location() > 1)) {
                throw new RequestRefusedException("disk " + disk.plan().diskKey() + " is planned on " + slot
                        + "; Hyper-V has IDE 0:0 to 1:1");
            }
            if (slot.bus() == DiskSlot.Bus.SCSI) {
                scsiControllers = Math.max(scsiControllers, slot.controller() + 1);
            }
            ideOneUsed |= slot.bus() == DiskSlot.Bus.IDE && slot.controller() == 1;
        }
        if (ideOneUsed) {
            script.append("# A disk goes on IDE controller 1, where New-VM put a DVD drive.\n");
            script.append("Get-VMDvdDrive -VM $vm | Remove-VMDvdDrive\n");
        }
        if (scsiControllers > 0) {
            script.append("while (@(Get-VMScsiController -VM $vm).Count -lt ").append(scsiControllers)
                    .append(") { Add-VMScsiController -VM $vm }\n");
        }
        for (PlannedDisk disk : disks) {
            DiskSlot slot = disk.plan().slot();
            script.append("Add-VMHardDiskDrive -VM $vm -ControllerType ").append(slot.bus().name())
                    .append(" -ControllerNumber ").append(slot.controller())
                    .append(" -ControllerLocation ").append(slot.location())
                    .append(" -Path (Join-Path $PSScriptRoot ").append(quote(disk.result().fileName())).append(")\n");
        }
        script.append('\n');
    }

    private static void appendNetworkAdapters(StringBuilder script, List<NicPlan> nics, int generation)
            throws RequestRefusedException {
        script.append("# Network adapters as planned; New-VM's own adapter is replaced by them.\n");
        script.append("Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter\n");
        script.append("$switch = @{}\nif ($SwitchName) { $switch.SwitchName = $SwitchName }\n");
        int index = 1;
        for (NicPlan nic : nics) {
            boolean legacy = nic.kind() == NicPlan.Kind.LEGACY;
            if (legacy && generation == 2) {
                throw new RequestRefusedException("network adapter " + nic.label()
                        + " is planned as a legacy adapter, which Generation 2 does not have");
            }
            String name = nic.label() == null || nic.label().isBlank() ? "Network Adapter " + index : nic.label();
            script.append("Add-VMNetworkAdapter -VM $vm -Name ").append(quote(name));
            if (legacy) {
                script.append(" -IsLegacy $true");
            }
            String mac = DefinitionNames.macDigits(nic.macAddress());
            if (mac != null) {
                script.append(" -StaticMacAddress '").append(mac).append('\'');
            }
            script.append(" @switch");
            if (nic.network() != null) {
                script.append("  # source network: ").append(oneLine(nic.network()));
            }
            script.append('\n');
            index++;
        }
        script.append('\n');
    }

    private static void appendFirmware(StringBuilder script, ConversionPlan plan, List<PlannedDisk> disks,
            int generation) {
        PlannedDisk boot = disks.stream().filter(disk -> disk.plan().boot()).findFirst()
                .orElse(disks.isEmpty() ? null : disks.get(0));
        if (generation == 1) {
            script.append("# Generation 1 boots with BIOS from IDE.\n");
            script.append("Set-VMBios -VM $vm -StartupOrder @('IDE', 'CD', 'LegacyNetworkAdapter', 'Floppy')\n");
            return;
        }
        script.append("# Generation 2 boots with UEFI from its boot disk.\n");
        if (boot != null) {
            DiskSlot slot = boot.plan().slot();
            script.append("$bootDisk = Get-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber ")
                    .append(slot.controller()).append(" -ControllerLocation ").append(slot.location()).append('\n');
            script.append("Set-VMFirmware -VM $vm -FirstBootDevice $bootDisk\n");
        }
        if (plan.secureBoot() || plan.firmware() == Firmware.Type.EFI && plan.secureBootTemplate() != null) {
            String template = plan.secureBootTemplate() == null ? DEFAULT_SECURE_BOOT_TEMPLATE
                    : plan.secureBootTemplate();
            script.append("Set-VMFirmware -VM $vm -EnableSecureBoot ").append(plan.secureBoot() ? "On" : "Off")
                    .append(" -SecureBootTemplate ").append(quote(template)).append('\n');
        } else {
            script.append("Set-VMFirmware -VM $vm -EnableSecureBoot Off\n");
        }
    }

    /** A PowerShell single-quoted string: nothing inside is expanded; a quote is doubled. */
    static String quote(String value) {
        return "'" + (value == null ? "" : oneLine(value)).replace("'", "''").replace("\u2018", "''")
                .replace("\u2019", "''") + "'";
    }

    private static String oneLine(String value) {
        return value.replaceAll("[\\r\\n\\u0000]", " ");
    }
}
