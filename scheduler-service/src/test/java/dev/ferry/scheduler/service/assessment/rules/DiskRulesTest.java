package dev.ferry.scheduler.service.assessment.rules;

import static dev.ferry.scheduler.service.assessment.rules.MachineRulesTest.only;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.BUILT_IN;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2008R2;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2019_GEN1;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2019_GEN2;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.KVM;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.run;
import static dev.ferry.scheduler.testing.TestMachines.GIB;
import static dev.ferry.scheduler.testing.TestMachines.machine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.DiskMode;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.testing.TestMachines;

/** Rules about disks: known, readable, special modes, size and format, boot disk and controllers; each on its own. */
class DiskRulesTest {

    @Test
    void diskOfZeroOrUnknownSizeBlocks() {
        var machine = machine().noDisks().disk(Disk.Controller.SCSI, 0, 0, 40, true)
                .diskBytes(Disk.Controller.SCSI, 0, 1, 0, false).diskBytes(Disk.Controller.SCSI, 0, 2, -1, false)
                .build();
        RuleContext context = run(PerDiskRule.sizeUnknown(), machine, KVM);
        assertThat(context.findings()).hasSize(2).allMatch(finding -> finding.severity() == Severity.BLOCKER);
        assertThat(context.findings().get(0).message()).contains("Hard disk 2");
    }

    @Test
    void diskWithoutALocationToReadBlocks() {
        var machine = machine().noDisks().disk(new Disk("1", "Hard disk 1", 10 * GIB, Disk.Controller.SCSI, 0, 0,
                true, null, true, DiskMode.PERSISTENT, null, false, null)).build();
        assertThat(only(run(PerDiskRule.noSource(), machine, KVM)).severity()).isEqualTo(Severity.BLOCKER);
        assertThat(run(PerDiskRule.noSource(), machine().build(), KVM).findings()).isEmpty();
    }

    @Test
    void rdmSharedAndIndependentDisksAreWarnings() {
        var machine = machine().noDisks()
                .disk(special("rdm", false, null, DiskMode.PERSISTENT, true))
                .disk(special("shared", false, "sharingMultiWriter", DiskMode.PERSISTENT, false))
                .disk(special("independent", false, null, DiskMode.INDEPENDENT_PERSISTENT, false)).build();
        assertThat(only(run(PerDiskRule.rawDeviceMapping(), machine, HYPERV_2019_GEN1)).message())
                .contains("'rdm' is a raw device mapping");
        assertThat(only(run(PerDiskRule.shared(), machine, HYPERV_2019_GEN1)).message())
                .contains("sharingMultiWriter");
        assertThat(only(run(PerDiskRule.independent(), machine, HYPERV_2019_GEN1)).message())
                .contains("independent persistent");
        assertThat(run(PerDiskRule.shared(), machine().build(), HYPERV_2019_GEN1).findings()).isEmpty();
    }

    @Test
    void diskTooLargeForVhdBecomesVhdxWhereTheTargetHasIt() {
        var gen1 = BUILT_IN.get("hyperv-2012r2-gen1");
        // A profile that prefers VHD, as a user might write it: the large disk moves to VHDX, the small stays VHD.
        var prefersVhd = withFormats(gen1, List.of(gen1.storage().formats().get(1), gen1.storage().formats().get(0)));
        var machine = machine().noDisks().disk(Disk.Controller.IDE, 0, 0, 100, true)
                .disk(Disk.Controller.SCSI, 0, 0, 2041, false).build();
        RuleContext context = run(new DiskFormatRule(), machine, prefersVhd);
        assertThat(only(context).severity()).isEqualTo(Severity.INFO);
        assertThat(only(context).remediation()).isEqualTo("disk 'Hard disk 2' written as vhdx instead of vhd");
        List<DiskPlan> disks = context.plan().toPlan(context.findings()).disks();
        assertThat(disks).extracting(DiskPlan::targetFormat).containsExactly("vhd", "vhdx");
    }

    @Test
    void diskTooLargeForEveryFormatBlocks() {
        var machine = machine().noDisks().disk(Disk.Controller.IDE, 0, 0, 2100, true).build();
        var finding = only(run(new DiskFormatRule(), machine, HYPERV_2008R2));
        assertThat(finding.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(finding.message()).contains("2,100 GiB").contains("vhd holds at most 2,040 GiB");
    }

    @Test
    void missingBootDiskTakesTheFirstAndNoDisksBlocks() {
        var unmarked = machine().noDisks().disk(Disk.Controller.SCSI, 0, 0, 40, false)
                .disk(Disk.Controller.SCSI, 0, 1, 10, false).build();
        RuleContext context = run(new BootDiskRule(), unmarked, KVM);
        assertThat(only(context).severity()).isEqualTo(Severity.WARNING);
        assertThat(context.plan().bootDisk().label()).isEqualTo("Hard disk 1");
        var none = machine().noDisks().build();
        assertThat(only(run(new BootDiskRule(), none, KVM)).severity()).isEqualTo(Severity.BLOCKER);
    }

    @Test
    void bootDiskOverTwoTerabytesOnGeneration1IsAWarning() {
        var machine = machine().noDisks().disk(Disk.Controller.IDE, 0, 0, 3000, true).build();
        assertThat(only(run(new BootDiskSizeRule(), machine, HYPERV_2019_GEN1)).message()).contains("2,048 GiB");
        assertThat(run(new BootDiskSizeRule(), machine, HYPERV_2019_GEN2).findings()).isEmpty();
    }

    @Test
    void generation1BootDiskOnScsiMovesToIde00() {
        var machine = machine().noDisks().disk(Disk.Controller.IDE, 0, 0, 10, false)
                .disk(Disk.Controller.SCSI, 0, 0, 40, true).build();
        RuleContext context = run(new BootBusRule(), machine, HYPERV_2008R2);
        assertThat(only(context).severity()).isEqualTo(Severity.WARNING);
        assertThat(only(context).remediation()).isEqualTo("boot disk 'Hard disk 2' moved to IDE 0:0");
        List<DiskPlan> disks = context.plan().toPlan(context.findings()).disks();
        assertThat(disks.get(0).boot()).isTrue();
        assertThat(disks.get(0).slot()).isEqualTo(new DiskSlot(DiskSlot.Bus.IDE, 0, 0));
        assertThat(disks.get(1).slot()).isEqualTo(new DiskSlot(DiskSlot.Bus.IDE, 0, 1));
    }

    @Test
    void generation2BootDiskOnIdeMovesToScsi() {
        var machine = machine().noDisks().disk(Disk.Controller.IDE, 0, 0, 40, true).build();
        RuleContext context = run(new BootBusRule(), machine, HYPERV_2019_GEN2);
        assertThat(context.plan().bootDisk().bus()).isEqualTo(DiskSlot.Bus.SCSI);
        assertThat(run(new BootBusRule(), machine().build(), HYPERV_2019_GEN2).findings()).isEmpty();
    }

    @Test
    void dataDisksOnControllersTheTargetLacksOrTheGuestCannotDriveAreMoved() {
        var sata = machine().noDisks().disk(Disk.Controller.IDE, 0, 0, 40, true)
                .disk(Disk.Controller.SATA, 0, 0, 10, false).build();
        RuleContext hyperV = run(new DataBusRule(), sata, HYPERV_2019_GEN1);
        assertThat(only(hyperV).remediation()).isEqualTo("disk 'Hard disk 2' moved from SATA to SCSI");

        var scsi = machine().guest("otherGuest", OsFamily.OTHER, 32).noDisks().disk(Disk.Controller.IDE, 0, 0, 40, true)
                .disk(Disk.Controller.SCSI, 0, 0, 10, false).build();
        assertThat(only(run(new DataBusRule(), scsi, HYPERV_2008R2)).remediation()).endsWith("from SCSI to IDE");

        RuleContext kvm = run(new DataBusRule(), machine().disk(Disk.Controller.SCSI, 0, 0, 40, true)
                .disk(Disk.Controller.SCSI, 0, 1, 10, false).build(), KVM);
        assertThat(only(kvm).remediation()).endsWith("from SCSI to VIRTIO");
    }

    @Test
    void moreThanFourIdeDisksMoveDataDisksToScsi() {
        TestMachines machine = machine().guest("windows7Server64Guest", OsFamily.WINDOWS, 64).noDisks()
                .disk(Disk.Controller.IDE, 0, 0, 40, true);
        for (int index = 1; index < 6; index++) {
            machine.disk(Disk.Controller.IDE, index / 2, index % 2, 10, false);
        }
        RuleContext context = run(new IdeLimitRule(), machine.build(), HYPERV_2008R2);
        assertThat(only(context).severity()).isEqualTo(Severity.WARNING);
        assertThat(only(context).remediation()).isEqualTo("data disks 'Hard disk 5', 'Hard disk 6' moved from IDE to "
                + "SCSI");
        List<DiskPlan> disks = context.plan().toPlan(context.findings()).disks();
        assertThat(disks).extracting(disk -> disk.slot().toString()).containsExactly("IDE 0:0", "IDE 0:1", "IDE 1:0",
                "IDE 1:1", "SCSI 0:0", "SCSI 0:1");
    }

    @Test
    void moreThanFourIdeDisksBlockWhenTheGuestHasNoScsiDriver() {
        TestMachines machine = machine().guest("otherGuest", OsFamily.OTHER, 32).noDisks();
        for (int index = 0; index < 5; index++) {
            machine.disk(Disk.Controller.IDE, index / 2, index % 2, 10, index == 0);
        }
        assertThat(only(run(new IdeLimitRule(), machine.build(), HYPERV_2008R2)).severity())
                .isEqualTo(Severity.BLOCKER);
    }

    @Test
    void moreDisksThanTheControllersTakeBlock() {
        TestMachines machine = machine().noDisks().disk(Disk.Controller.SCSI, 0, 0, 40, true);
        for (int index = 1; index < 257; index++) {
            machine.disk(Disk.Controller.SCSI, index / 64, index % 64, 1, false);
        }
        var finding = only(run(new BusLimitRule(), machine.build(), HYPERV_2019_GEN2));
        assertThat(finding.message()).contains("257 disks").contains("takes 256");
        var nvme = machine().noDisks().disk(Disk.Controller.NVME, 0, 0, 40, true).build();
        assertThat(only(run(new BusLimitRule(), nvme, HYPERV_2019_GEN2)).message()).contains("UNKNOWN");
    }

    private static Disk special(String label, boolean boot, String sharing, DiskMode mode, boolean rdm) {
        return new Disk(label, label, 10 * GIB, Disk.Controller.SCSI, 0, 0, boot, "[ds] x.vmdk", true, mode, sharing,
                rdm, new dev.ferry.events.machine.DiskContent(dev.ferry.events.machine.DiskContent.Kind.FILE,
                        "x.vmdk", null, "vmdk", null));
    }

    private static dev.ferry.scheduler.service.profile.TargetProfile withFormats(
            dev.ferry.scheduler.service.profile.TargetProfile profile,
            List<dev.ferry.scheduler.service.profile.DiskFormat> formats) {
        var storage = profile.storage();
        return new dev.ferry.scheduler.service.profile.TargetProfile(profile.id(), profile.name(), null,
                profile.platform(), profile.generation(), profile.vm(), profile.host(), profile.boot(),
                new dev.ferry.scheduler.service.profile.StorageRules(storage.bootBus(), storage.dataBus(),
                        storage.fallbackBus(), storage.buses(), formats),
                profile.network(), profile.guests(), profile.naming());
    }
}
