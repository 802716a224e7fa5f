package dev.ferry.scheduler.service.assessment.rules;

import static dev.ferry.scheduler.service.assessment.rules.MachineRulesTest.only;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2008R2;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2019_GEN2;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.KVM;
import static dev.ferry.scheduler.testing.TestMachines.machine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.TargetProfile;
import dev.ferry.scheduler.testing.TestMachines;

/** Rules about network adapters: mapping and limits; each on its own (the limit rule after a mapping). */
class NetworkRulesTest {

    @Test
    void vmwareAdaptersBecomeSyntheticAndThePxeAdapterLegacyOnGeneration1() {
        var machine = machine().guest("windows7Server64Guest", OsFamily.WINDOWS, 64).nic(Nic.AdapterType.VMXNET3, false)
                .nic(Nic.AdapterType.E1000, true).nic(Nic.AdapterType.E1000E, false).build();
        RuleContext context = Profiles.run(new NicAdapterRule(), machine, HYPERV_2008R2);
        assertThat(kinds(context)).containsExactly(NicPlan.Kind.SYNTHETIC, NicPlan.Kind.LEGACY, NicPlan.Kind.SYNTHETIC);
        assertThat(only(context).severity()).isEqualTo(Severity.INFO);
        assertThat(only(context).remediation()).contains("'Network adapter 1' vmxnet3 → synthetic")
                .contains("'Network adapter 2' e1000 → legacy (PXE boot)");
    }

    @Test
    void generation2BootsFromTheNetworkWithSyntheticAdapters() {
        var machine = machine().nic(Nic.AdapterType.E1000, true).build();
        assertThat(kinds(Profiles.run(new NicAdapterRule(), machine, HYPERV_2019_GEN2)))
                .containsExactly(NicPlan.Kind.SYNTHETIC);
    }

    @Test
    void guestWithoutIntegrationServicesKeepsLegacyAdapters() {
        var machine = machine().guest("otherGuest", OsFamily.OTHER, 32).nic(Nic.AdapterType.VMXNET3, false).build();
        RuleContext context = Profiles.run(new NicAdapterRule(), machine, HYPERV_2008R2);
        assertThat(kinds(context)).containsExactly(NicPlan.Kind.LEGACY);
        assertThat(only(context).message()).contains("guest without the target's drivers");
        assertThat(kinds(Profiles.run(new NicAdapterRule(), machine, KVM))).containsExactly(NicPlan.Kind.E1000E);
    }

    @Test
    void syntheticAdaptersBeyondEightAreDroppedDisconnectedFirst() {
        TestMachines machine = machine().guest("windows7Server64Guest", OsFamily.WINDOWS, 64);
        for (int index = 0; index < 10; index++) {
            machine.nic(Nic.AdapterType.VMXNET3, false, index != 2);
        }
        RuleContext context = mappedThenLimited(machine.build(), HYPERV_2008R2);
        assertThat(kinds(context)).hasSize(8).containsOnly(NicPlan.Kind.SYNTHETIC);
        assertThat(context.plan().nics()).extracting(PlanDraft.NicDraft::label)
                .doesNotContain("Network adapter 3", "Network adapter 10");
        var finding = context.findings().get(1);
        assertThat(finding.ruleId()).isEqualTo("nic.over-limit");
        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.message()).contains("10 network adapters would be synthetic").contains("allows 8");
        assertThat(finding.remediation()).contains("'Network adapter 3' dropped").contains("'Network adapter 10' dropped");
    }

    @Test
    void legacyAdaptersBeyondFourBecomeSyntheticWhereTheGuestCanDriveThem() {
        TestMachines machine = machine().guest("windows7Server64Guest", OsFamily.WINDOWS, 64);
        for (int index = 0; index < 6; index++) {
            machine.nic(Nic.AdapterType.E1000, index < 5);
        }
        // Five PXE adapters want legacy: four may be; the fifth is PXE and cannot become synthetic, so it goes.
        RuleContext context = mappedThenLimited(machine.build(), HYPERV_2008R2);
        assertThat(context.plan().nicsOf(NicPlan.Kind.LEGACY)).hasSize(4);
        assertThat(context.plan().nicsOf(NicPlan.Kind.SYNTHETIC)).hasSize(1);
        assertThat(context.findings().get(1).remediation()).contains("'Network adapter 5' dropped");
    }

    @Test
    void legacyAdaptersOfAGuestWithoutDriversBeyondFourAreDropped() {
        TestMachines machine = machine().guest("otherGuest", OsFamily.OTHER, 32);
        for (int index = 0; index < 5; index++) {
            machine.nic(Nic.AdapterType.E1000, false);
        }
        RuleContext context = mappedThenLimited(machine.build(), HYPERV_2008R2);
        assertThat(kinds(context)).hasSize(4).containsOnly(NicPlan.Kind.LEGACY);
    }

    @Test
    void adaptersWithinTheLimitsAreLeftAlone() {
        var machine = machine().nic(Nic.AdapterType.VMXNET3, false).build();
        RuleContext context = mappedThenLimited(machine, HYPERV_2019_GEN2);
        assertThat(context.findings()).extracting(finding -> finding.ruleId()).containsExactly("nic.adapter-mapped");
    }

    private static RuleContext mappedThenLimited(MachineRecord machine, TargetProfile profile) {
        return RuleContext.of(machine, profile).run(new NicAdapterRule()).run(new NicLimitRule());
    }

    private static List<NicPlan.Kind> kinds(RuleContext context) {
        return context.plan().nics().stream().map(PlanDraft.NicDraft::kind).toList();
    }
}
