package dev.ferry.conversion.testing;

import java.util.List;
import java.util.UUID;

import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.TargetLocation;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.Remediation;
import dev.ferry.events.plan.TargetPlatform;

/** Conversion plans and requests as assessment and the scheduler would make them. */
public final class Plans {

    public static final List<Remediation> HYPERV_2008R2_REMEDIATIONS = List.of(
            new Remediation("hyperv.vcpu-limit", "vCPUs capped from 8 to 4"),
            new Remediation("hyperv.gen1-boot-ide", "boot disk moved from SCSI 0:0 to IDE 0:0"),
            new Remediation("hyperv.nic-synthetic", "vmxnet3 adapter replaced by a synthetic adapter"));

    private Plans() {
    }

    public static DiskContent file(String path) {
        return new DiskContent(DiskContent.Kind.FILE, path, null, null, null);
    }

    public static DiskPlan disk(String key, long capacity, DiskContent source, String format, String subformat,
            String fileName, DiskSlot slot, boolean boot) {
        return new DiskPlan(key, "Hard disk " + key, capacity, source, format, subformat, fileName, slot, boot);
    }

    /** A Hyper-V Generation 1 plan of one boot disk on IDE 0:0, read from {@code source}, written as a dynamic VHD. */
    public static ConversionPlan generation1BootDisk(String machineName, long size, java.nio.file.Path source) {
        return hyperVGeneration1(machineName, List.of(disk("2000", size, file(source.toString()), "vhd", "dynamic",
                machineName + ".vhd", new DiskSlot(DiskSlot.Bus.IDE, 0, 0), true)));
    }

    /** A Hyper-V 2008 R2 plan: Generation 1, 8 vCPUs capped to 4, boot disk on IDE 0:0, synthetic and legacy NIC. */
    public static ConversionPlan hyperVGeneration1(String machineName, List<DiskPlan> disks) {
        return new ConversionPlan(UUID.randomUUID().toString(), machineName, "hyperv-2008r2", TargetPlatform.HYPERV,
                1, Firmware.Type.BIOS, false, 4, 4L << 30, disks, List.of(
                        new NicPlan("Network adapter 1", "00:50:56:aa:bb:01", "VM Network", NicPlan.Kind.SYNTHETIC,
                                Nic.AdapterType.VMXNET3),
                        new NicPlan("Network adapter 2", "00:50:56:aa:bb:02", "PXE", NicPlan.Kind.LEGACY,
                                Nic.AdapterType.E1000)),
                HYPERV_2008R2_REMEDIATIONS);
    }

    /** A Hyper-V 2019 Generation 2 plan for a Linux guest: UEFI with Secure Boot and the UEFI CA template. */
    public static ConversionPlan hyperVGeneration2(String machineName, List<DiskPlan> disks) {
        return new ConversionPlan(UUID.randomUUID().toString(), machineName, "hyperv-2019", TargetPlatform.HYPERV, 2,
                Firmware.Type.EFI, true, 2, 2L << 30, disks, List.of(
                        new NicPlan("Network adapter 1", "00:50:56:aa:bb:03", "VM Network", NicPlan.Kind.SYNTHETIC,
                                Nic.AdapterType.VMXNET3)),
                List.of(), "MicrosoftUEFICertificateAuthority");
    }

    public static ConversionPlan kvm(String machineName, List<DiskPlan> disks) {
        return new ConversionPlan(UUID.randomUUID().toString(), machineName, "kvm", TargetPlatform.KVM, 0,
                Firmware.Type.EFI, false, 2, 1L << 30, disks, List.of(
                        new NicPlan("eth0", "52:54:00:12:34:56", "lan", NicPlan.Kind.VIRTIO, Nic.AdapterType.PHYSICAL)),
                List.of());
    }

    public static ConversionPlan kubevirt(String machineName, List<DiskPlan> disks) {
        return new ConversionPlan(UUID.randomUUID().toString(), machineName, "kubevirt", TargetPlatform.KUBEVIRT, 0,
                Firmware.Type.BIOS, false, 2, 1L << 30, disks, List.of(
                        new NicPlan("Network adapter 1", "00:50:56:aa:bb:04", "VM Network", NicPlan.Kind.E1000E,
                                Nic.AdapterType.E1000)),
                List.of());
    }

    /** A first-attempt request for {@code plan} into {@code folder} of the test storage root. */
    public static ConversionRequest request(ConversionPlan plan, String folder) {
        return request(UUID.randomUUID().toString(), 1, plan, folder);
    }

    public static ConversionRequest request(String jobId, int attempt, ConversionPlan plan, String folder) {
        return new ConversionRequest(jobId, "wave-1", attempt, plan, new TargetLocation(
                WorkerTestResources.STORAGE_ROOT, folder), true);
    }
}
