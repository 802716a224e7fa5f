package dev.ferry.scheduler.service.assessment.rules;

import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2008R2;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2019_GEN1;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.HYPERV_2019_GEN2;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.KUBEVIRT;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.KVM;
import static dev.ferry.scheduler.service.assessment.rules.Profiles.run;
import static dev.ferry.scheduler.testing.TestMachines.machine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.Severity;

/** Rules about the machine as a whole: name, guest, firmware, processors and memory; each run on its own. */
class MachineRulesTest {

    @Test
    void hyperVNameWithForbiddenCharactersIsRenamed() {
        RuleContext context = run(new NameRule(), machine().name("db:primary/01").build(), HYPERV_2008R2);
        assertThat(only(context).severity()).isEqualTo(Severity.WARNING);
        assertThat(only(context).message()).contains("':'");
        assertThat(context.plan().name()).isEqualTo("db-primary-01");
    }

    @Test
    void kubeVirtNameMustBeADnsLabel() {
        RuleContext context = run(new NameRule(), machine().name("SQL_Server 01.").build(), KUBEVIRT);
        assertThat(only(context).message()).contains("DNS label");
        assertThat(context.plan().name()).isEqualTo("sql-server-01");
        assertThat(run(new NameRule(), machine().name("web-01").build(), KUBEVIRT).findings()).isEmpty();
    }

    @Test
    void nameThatCleansToNothingGetsOneFromTheMachineId() {
        RuleContext context = run(new NameRule(), machine().id("ABCDEF12-0000").name("___").build(), KUBEVIRT);
        assertThat(context.plan().name()).isEqualTo("vm-abcdef12");
    }

    @Test
    void unknownGuestIsReportedOnceAndNotAsUnsupported() {
        var unknown = machine().guest(null, null, 0).build();
        assertThat(only(run(new GuestUnknownRule(), unknown, HYPERV_2008R2)).ruleId()).isEqualTo("guest.unknown");
        assertThat(run(new GuestSupportRule(), unknown, HYPERV_2008R2).findings()).isEmpty();
        assertThat(run(new GuestUnknownRule(), machine().build(), HYPERV_2008R2).findings()).isEmpty();
    }

    @Test
    void guestTheProfileDoesNotSupportIsAWarning() {
        var windows2019 = machine().build();
        assertThat(only(run(new GuestSupportRule(), windows2019, HYPERV_2008R2)).message())
                .contains("not supported on");
        assertThat(run(new GuestSupportRule(), windows2019, HYPERV_2019_GEN1).findings()).isEmpty();
        var freeBsd = machine().guest("freebsd12_64Guest", OsFamily.OTHER, 64).build();
        assertThat(only(run(new GuestSupportRule(), freeBsd, HYPERV_2019_GEN1)).message()).contains("lists");
    }

    @Test
    void linuxVersionBelowTheMinimumIsUnsupported() {
        var rhel6 = machine().guest("rhel6_64Guest", OsFamily.LINUX, 64).build();
        var rhel8 = machine().guest("rhel8_64Guest", OsFamily.LINUX, 64).build();
        assertThat(run(new GuestSupportRule(), rhel6, HYPERV_2019_GEN2).findings()).hasSize(1);
        assertThat(run(new GuestSupportRule(), rhel8, HYPERV_2019_GEN2).findings()).isEmpty();
    }

    @Test
    void guestWithoutIntegrationServicesGetsEmulatedDevicesOnGeneration1AndIsBlockedOnGeneration2() {
        var other = machine().guest("otherGuest", OsFamily.OTHER, 32).build();
        Finding gen1 = only(run(new GuestDriversRule(), other, HYPERV_2008R2));
        assertThat(gen1.severity()).isEqualTo(Severity.WARNING);
        assertThat(gen1.message()).contains("IDE").contains("legacy");
        Finding gen2 = only(run(new GuestDriversRule(), other, HYPERV_2019_GEN2));
        assertThat(gen2.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(gen2.message()).contains("hyperv-2019-gen1");
        assertThat(run(new GuestDriversRule(), machine().build(), HYPERV_2019_GEN2).findings()).isEmpty();
    }

    @Test
    void thirtyTwoBitGuestIsRefusedByGeneration2Only() {
        var x86 = machine().guest("windows7Guest", OsFamily.WINDOWS, 0).build();
        assertThat(only(run(new Guest32BitRule(), x86, HYPERV_2019_GEN2)).severity()).isEqualTo(Severity.BLOCKER);
        assertThat(run(new Guest32BitRule(), x86, HYPERV_2019_GEN1).findings()).isEmpty();
        var x64 = machine().guest("windows7_64Guest", OsFamily.WINDOWS, 0).build();
        assertThat(run(new Guest32BitRule(), x64, HYPERV_2019_GEN2).findings()).isEmpty();
    }

    @Test
    void uefiOnGeneration1OnlyHostIsABlockerWithNoAlternative() {
        var uefi = machine().firmware(Firmware.Type.EFI, false).build();
        Finding finding = only(run(new FirmwareRule(), uefi, HYPERV_2008R2));
        assertThat(finding.severity()).isEqualTo(Severity.BLOCKER);
        assertThat(finding.message()).contains("offers no Generation 2");
        assertThat(only(run(new FirmwareRule(), uefi, HYPERV_2019_GEN1)).message()).contains("hyperv-2019-gen2");
        assertThat(run(new FirmwareRule(), uefi, HYPERV_2019_GEN2).findings()).isEmpty();
        assertThat(run(new FirmwareRule(), uefi, KVM).findings()).isEmpty();
    }

    @Test
    void biosOnGeneration2PointsToGeneration1OrMbr2Gpt() {
        Finding finding = only(run(new FirmwareRule(), machine().build(), HYPERV_2019_GEN2));
        assertThat(finding.message()).contains("hyperv-2019-gen1").contains("MBR2GPT");
        assertThat(run(new FirmwareRule(), machine().build(), KVM).findings()).isEmpty();
    }

    @Test
    void secureBootFollowsTheSourceWithTheLinuxTemplateOnHyperV() {
        var linux = machine().guest("rhel8_64Guest", OsFamily.LINUX, 64).firmware(Firmware.Type.EFI, true).build();
        RuleContext gen2 = run(new SecureBootRule(), linux, HYPERV_2019_GEN2);
        assertThat(gen2.plan().secureBoot()).isTrue();
        assertThat(gen2.plan().toPlan(gen2.findings()).secureBootTemplate())
                .isEqualTo(SecureBootRule.LINUX_TEMPLATE);

        var windows = machine().firmware(Firmware.Type.EFI, true).build();
        RuleContext windowsGen2 = run(new SecureBootRule(), windows, HYPERV_2019_GEN2);
        assertThat(windowsGen2.findings()).isEmpty();
        assertThat(windowsGen2.plan().toPlan(List.of()).secureBootTemplate())
                .isEqualTo(SecureBootRule.WINDOWS_TEMPLATE);

        var off = machine().firmware(Firmware.Type.EFI, false).build();
        RuleContext staysOff = run(new SecureBootRule(), off, HYPERV_2019_GEN2);
        assertThat(staysOff.plan().secureBoot()).isFalse();
        assertThat(only(staysOff).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void secureBootIsTurnedOffWithAWarningWhereTheTargetHasNone() {
        var on = machine().firmware(Firmware.Type.EFI, true).build();
        // A Generation 1 profile has no Secure Boot (the firmware rule blocks this machine anyway).
        var withoutSecureBoot = new dev.ferry.scheduler.service.profile.TargetProfile(KVM.id(), KVM.name(), null,
                KVM.platform(), 0, KVM.vm(), KVM.host(), new dev.ferry.scheduler.service.profile.BootRules(
                        KVM.boot().firmwares(), null, false, false, null, "test"),
                KVM.storage(), KVM.network(), KVM.guests(), KVM.naming());
        RuleContext context = run(new SecureBootRule(), on, withoutSecureBoot);
        assertThat(only(context).severity()).isEqualTo(Severity.WARNING);
        assertThat(context.plan().secureBoot()).isFalse();
    }

    @Test
    void vcpusOverTheVmCapAreCapped() {
        RuleContext context = run(new CpuCapRule(), machine().guest("windows7Server64Guest", OsFamily.WINDOWS, 64)
                .cpus(6).build(), HYPERV_2008R2);
        assertThat(context.plan().vcpus()).isEqualTo(4);
        assertThat(only(context).message()).contains("6 virtual processors").contains("allows 4 per VM");
        assertThat(only(context).remediation()).isEqualTo("vCPUs capped from 6 to 4");
    }

    @Test
    void guestCapBindsBelowTheVmCap() {
        RuleContext context = run(new CpuCapRule(), machine().guest("windows7_64Guest", OsFamily.WINDOWS, 64).cpus(16)
                .build(), HYPERV_2019_GEN1);
        assertThat(context.plan().vcpus()).isEqualTo(4);
        assertThat(only(context).message()).contains("Windows 7 SP1 supports 4");
    }

    @Test
    void unknownProcessorsAndMemoryBlock() {
        assertThat(only(run(new CpuKnownRule(), machine().cpus(0).build(), KVM)).severity())
                .isEqualTo(Severity.BLOCKER);
        assertThat(run(new CpuKnownRule(), machine().build(), KVM).findings()).isEmpty();
        assertThat(only(run(new MemoryKnownRule(), machine().memoryBytes(0).build(), KVM)).severity())
                .isEqualTo(Severity.BLOCKER);
        assertThat(run(new MemoryKnownRule(), machine().build(), KVM).findings()).isEmpty();
    }

    @Test
    void memoryOverTheCapBlocksAndIsNotCut() {
        RuleContext context = run(new MemoryCapRule(), machine().memoryGiB(96).build(), HYPERV_2008R2);
        assertThat(only(context).severity()).isEqualTo(Severity.BLOCKER);
        assertThat(only(context).message()).contains("96 GiB").contains("64 GiB");
        assertThat(context.plan().memoryBytes()).isEqualTo(96L << 30);
    }

    static Finding only(RuleContext context) {
        assertThat(context.findings()).hasSize(1);
        return context.findings().get(0);
    }
}
