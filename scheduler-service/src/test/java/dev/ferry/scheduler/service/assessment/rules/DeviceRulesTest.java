package dev.ferry.scheduler.service.assessment.rules;

import static dev.ferry.scheduler.service.assessment.rules.MachineRulesTest.only;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2008R2;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.run;
import static dev.ferry.scheduler.testing.TestMachines.machine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.events.machine.SpecialDevices;
import dev.ferry.scheduler.service.assessment.Severity;

/** Rules that only report: special hardware, snapshots, change tracking, addresses and host names; each on its own. */
class DeviceRulesTest {

    private static final MachineRecord PLAIN = machine().build();

    @Test
    void pciPassthroughBlocks() {
        var machine = machine().devices(new SpecialDevices(2, 0, false, false, false, false, false)).build();
        var finding = only(run(MachineCheckRule.pciPassthrough(), machine, HYPERV_2008R2));
        assertThat(finding.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(finding.message()).contains("2 PCI passthrough");
        assertThat(run(MachineCheckRule.pciPassthrough(), PLAIN, HYPERV_2008R2).findings()).isEmpty();
    }

    @Test
    void sriovUsbVtpmHotPlugAndAffinityAreWarnings() {
        assertWarning(MachineCheckRule.sriov(), new SpecialDevices(0, 1, false, false, false, false, false), "SR-IOV");
        assertWarning(MachineCheckRule.usb(), new SpecialDevices(0, 0, true, false, false, false, false), "USB");
        assertWarning(MachineCheckRule.vtpm(), new SpecialDevices(0, 0, false, true, false, false, false), "TPM");
        assertWarning(MachineCheckRule.hotPlug(), new SpecialDevices(0, 0, false, false, true, true, false),
                "CPU and memory hot-add");
        assertWarning(MachineCheckRule.cpuAffinity(), new SpecialDevices(0, 0, false, false, false, false, true),
                "affinity");
    }

    @Test
    void snapshotsNeedConsolidation() {
        var finding = only(run(MachineCheckRule.snapshots(), machine().snapshots(3).build(), HYPERV_2008R2));
        assertThat(finding.message()).contains("3 snapshot(s)");
        assertThat(run(MachineCheckRule.snapshots(), PLAIN, HYPERV_2008R2).findings()).isEmpty();
    }

    @Test
    void changedBlockTrackingOffIsReportedForVsphereOnly() {
        assertThat(only(run(MachineCheckRule.changedBlockTracking(), machine().changedBlockTracking(false).build(),
                HYPERV_2008R2)).severity()).isEqualTo(Severity.WARNING);
        var ovf = machine().source(SourceKind.OVF, null).changedBlockTracking(false).build();
        assertThat(run(MachineCheckRule.changedBlockTracking(), ovf, HYPERV_2008R2).findings()).isEmpty();
        var unknown = machine().changedBlockTracking(null).build();
        assertThat(run(MachineCheckRule.changedBlockTracking(), unknown, HYPERV_2008R2).findings()).isEmpty();
    }

    @Test
    void noIpAddressAndPlaceholderHostNamesAreWarnings() {
        assertThat(only(run(MachineCheckRule.noIpAddress(), machine().ips(List.of()).build(), HYPERV_2008R2))
                .message()).contains("No IP address");
        assertThat(run(MachineCheckRule.noIpAddress(), PLAIN, HYPERV_2008R2).findings()).isEmpty();
        assertThat(only(run(MachineCheckRule.hostName(), machine().hostName("localhost.localdomain").build(),
                HYPERV_2008R2)).message()).contains("placeholder");
        assertThat(only(run(MachineCheckRule.hostName(), machine().hostName(" ").build(), HYPERV_2008R2)).message())
                .contains("no host name");
        assertThat(run(MachineCheckRule.hostName(), PLAIN, HYPERV_2008R2).findings()).isEmpty();
    }

    @Test
    void everyRuleHasAUniqueStableId() {
        var ids = RuleCatalog.rules().stream().map(Rule::id).toList();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+"));
        assertThat(RuleCatalog.byId("cpu.over-cap")).isInstanceOf(CpuCapRule.class);
    }

    private static void assertWarning(Rule rule, SpecialDevices devices, String text) {
        var finding = only(run(rule, machine().devices(devices).build(), HYPERV_2008R2));
        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.message()).contains(text);
        assertThat(run(rule, PLAIN, HYPERV_2008R2).findings()).isEmpty();
    }
}
