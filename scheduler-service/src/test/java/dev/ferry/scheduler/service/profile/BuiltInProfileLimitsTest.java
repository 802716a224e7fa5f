package dev.ferry.scheduler.service.profile;

import static dev.ferry.scheduler.testing.TestMachines.GIB;
import static dev.ferry.scheduler.testing.TestMachines.machine;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.scheduler.service.assessment.Assessor;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.MachineAssessment;
import dev.ferry.scheduler.service.assessment.Readiness;
import dev.ferry.scheduler.service.planning.CapacityPlanner;
import dev.ferry.scheduler.service.planning.HostPool;
import dev.ferry.scheduler.service.planning.HostSpec;
import dev.ferry.scheduler.service.planning.MachineDemand;
import dev.ferry.scheduler.service.planning.PlanningOptions;
import dev.ferry.scheduler.testing.TestMachines;

/**
 * Golden tests: every figure of every built-in profile, driven as a table, at the figure (nothing is reported) and
 * one past it (the rule or the planner catches it).
 */
class BuiltInProfileLimitsTest {

    private static final Map<String, TargetProfile> PROFILES = BuiltInProfiles.load();
    private static final Assessor ASSESSOR = new Assessor();

    /** A guest each profile supports without a cap of its own, so the VM limit is what binds. */
    private static final Map<String, String> NEWEST_GUEST = Map.of("2008r2", "windows7Server64Guest", "2012r2",
            "windows8Server64Guest", "2016", "windows9Server64Guest", "2019", "windows2019srv_64Guest", "2022",
            "windows2019srvNext_64Guest", "2025", "windows2022srvNext_64Guest");

    /** A guest id each capped guest entry matches. */
    private static final Map<String, String> SAMPLE_GUEST = Map.of("Windows Server 2008 SP2", "winLonghorn64Guest",
            "Windows Server 2003 SP2", "winNetStandardGuest", "Windows 2000 SP4", "win2000ServGuest", "Windows 7 SP1",
            "windows7_64Guest", "Windows Vista SP2", "winVista64Guest", "Windows XP SP3", "winXPProGuest");

    /** Checks one figure: {@code past} false at the figure, true one past it. */
    interface Check {
        void verify(TargetProfile profile, long figure, boolean past);
    }

    @Test
    void everyProfileTheIssueNamesIsBuiltIn() {
        assertThat(PROFILES.keySet()).containsExactlyInAnyOrder("hyperv-2008r2", "hyperv-2012r2-gen1",
                "hyperv-2012r2-gen2", "hyperv-2016-gen1", "hyperv-2016-gen2", "hyperv-2019-gen1", "hyperv-2019-gen2",
                "hyperv-2022-gen1", "hyperv-2022-gen2", "hyperv-2025-gen1", "hyperv-2025-gen2", "kvm", "kubevirt");
    }

    @Test
    void hyperV2008R2CarriesTheFiguresOfItsSources() {
        TargetProfile profile = PROFILES.get("hyperv-2008r2");
        assertThat(profile.generation()).isEqualTo(1);
        assertThat(profile.boot().otherGeneration()).isNull();
        assertThat(profile.vm().virtualProcessors().value()).isEqualTo(4);
        assertThat(profile.network().limits().get(NicPlan.Kind.SYNTHETIC).value()).isEqualTo(8);
        assertThat(profile.network().limits().get(NicPlan.Kind.LEGACY).value()).isEqualTo(4);
        assertThat(profile.storage().bootBus()).isEqualTo(DiskSlot.Bus.IDE);
        assertThat(profile.storage().formats()).extracting(DiskFormat::format).containsExactly("vhd");
        assertThat(profile.storage().formats().get(0).maxSizeGiB().value()).isEqualTo(2040);
        assertThat(profile.host().runningVms().value()).isEqualTo(384);
        assertThat(profile.host().virtualProcessors().value()).isEqualTo(512);
        assertThat(profile.host().logicalProcessors().unverified()).isTrue();
        assertThat(profile.host().memoryGiB().unverified()).isTrue();
        assertThat(profile.vm().virtualProcessors().source()).contains("2008 R2");
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @MethodSource("figures")
    void figureHoldsAndOnePastIsCaught(String profileId, String figure, long value, Check check) {
        TargetProfile profile = PROFILES.get(profileId);
        check.verify(profile, value, false);
        check.verify(profile, value, true);
    }

    static Stream<Arguments> figures() {
        List<Arguments> rows = new ArrayList<>();
        for (TargetProfile profile : PROFILES.values()) {
            String id = profile.id();
            rows.add(Arguments.of(id, "vm.virtualProcessors", profile.vm().virtualProcessors().value(),
                    (Check) BuiltInProfileLimitsTest::virtualProcessors));
            rows.add(Arguments.of(id, "vm.memoryGiB", profile.vm().memoryGiB().value(),
                    (Check) BuiltInProfileLimitsTest::memory));
            profile.network().limits().forEach((kind, limit) -> rows.add(Arguments.of(id, "network." + kind,
                    limit.value(), (Check) (p, value, past) -> nics(p, kind, value, past))));
            profile.storage().buses().forEach((bus, limit) -> rows.add(Arguments.of(id, "storage." + bus,
                    limit.capacity(), (Check) (p, value, past) -> disksOnBus(p, bus, value, past))));
            for (DiskFormat format : profile.storage().formats()) {
                rows.add(Arguments.of(id, "storage.format." + format.format(), format.maxSizeGiB().value(),
                        (Check) (p, value, past) -> diskSize(p, format, value, past)));
            }
            if (profile.boot().maxBootDiskGiB() != null) {
                rows.add(Arguments.of(id, "boot.maxBootDiskGiB", profile.boot().maxBootDiskGiB().value(),
                        (Check) BuiltInProfileLimitsTest::bootDiskSize));
            }
            rows.add(Arguments.of(id, "naming.maxLength", profile.naming().maxLength().value(),
                    (Check) BuiltInProfileLimitsTest::nameLength));
            for (GuestSupport guest : profile.guests()) {
                if (guest.maxVirtualProcessors() != null) {
                    rows.add(Arguments.of(id, "guest " + guest.name(), guest.maxVirtualProcessors().value(),
                            (Check) (p, value, past) -> guestCap(p, guest, value, past)));
                }
            }
            HostLimits host = profile.host();
            if (host.runningVms() != null) {
                rows.add(Arguments.of(id, "host.runningVms", host.runningVms().value(),
                        (Check) BuiltInProfileLimitsTest::runningVms));
            }
            if (host.virtualProcessors() != null) {
                rows.add(Arguments.of(id, "host.virtualProcessors", host.virtualProcessors().value(),
                        (Check) BuiltInProfileLimitsTest::hostVirtualProcessors));
            }
            if (host.logicalProcessors() != null) {
                rows.add(Arguments.of(id, "host.logicalProcessors", host.logicalProcessors().value(),
                        (Check) BuiltInProfileLimitsTest::logicalProcessors));
            }
            if (host.memoryGiB() != null) {
                rows.add(Arguments.of(id, "host.memoryGiB", host.memoryGiB().value(),
                        (Check) BuiltInProfileLimitsTest::hostMemory));
            }
            if (host.vcpuPerLogicalProcessor() != null) {
                rows.add(Arguments.of(id, "host.vcpuPerLogicalProcessor", host.vcpuPerLogicalProcessor().value(),
                        (Check) BuiltInProfileLimitsTest::ratio));
            }
        }
        return rows.stream();
    }

    // --- per VM ---------------------------------------------------------------------------------------------------

    static void virtualProcessors(TargetProfile profile, long figure, boolean past) {
        MachineAssessment result = assess(profile, base(profile).cpus((int) figure + (past ? 1 : 0)));
        assertThat(ids(result).contains("cpu.over-cap")).isEqualTo(past);
        assertThat(result.plan().vcpus()).isEqualTo((int) figure);
    }

    static void memory(TargetProfile profile, long figure, boolean past) {
        MachineAssessment result = assess(profile, base(profile).memoryGiB(figure + (past ? 1 : 0)));
        assertThat(ids(result).contains("memory.over-cap")).isEqualTo(past);
        assertThat(result.readiness() == Readiness.NOT_READY).isEqualTo(past);
    }

    static void guestCap(TargetProfile profile, GuestSupport guest, long figure, boolean past) {
        String guestId = SAMPLE_GUEST.get(guest.name());
        assertThat(guestId).as("a sample guest id for " + guest.name()).isNotNull();
        TestMachines machine = base(profile).guest(guestId, OsFamily.WINDOWS, 0).cpus((int) figure + (past ? 1 : 0));
        assertThat(GuestMatcher.match(profile, machine.build().guestOs())).contains(guest);
        MachineAssessment result = assess(profile, machine);
        assertThat(ids(result).contains("cpu.over-cap")).isEqualTo(past);
        assertThat(result.plan().vcpus()).isEqualTo((int) figure);
    }

    static void nics(TargetProfile profile, NicPlan.Kind kind, long figure, boolean past) {
        NetworkRules network = profile.network();
        TestMachines machine = base(profile);
        boolean pxe = kind != network.adapter() && kind == network.pxeAdapter();
        if (kind != network.adapter() && !pxe) {
            machine.guest("otherGuest", OsFamily.OTHER, 32); // no drivers: the fallback adapter
        }
        for (int index = 0; index < figure + (past ? 1 : 0); index++) {
            machine.nic(Nic.AdapterType.E1000, pxe);
        }
        MachineAssessment result = assess(profile, machine);
        assertThat(ids(result).contains("nic.over-limit")).isEqualTo(past);
        assertThat(result.plan().nics()).filteredOn(nic -> nic.kind() == kind).hasSize((int) figure);
    }

    static void disksOnBus(TargetProfile profile, DiskSlot.Bus bus, long capacity, boolean past) {
        StorageRules storage = profile.storage();
        long count = capacity + (past ? 1 : 0);
        TestMachines machine = base(profile).noDisks();
        if (bus == DiskSlot.Bus.IDE) {
            machine.disk(Disk.Controller.IDE, 0, 0, 20, true);
            IntStream.range(1, (int) count).forEach(index -> machine.disk(Disk.Controller.IDE, index / 2, index % 2,
                    10, false));
        } else if (bus == storage.dataBus()) {
            boolean bootHere = storage.bootBus() == bus;
            machine.disk(bootHere ? Disk.Controller.SCSI : Disk.Controller.IDE, 0, 0, 20, true);
            IntStream.range(bootHere ? 1 : 0, (int) count).forEach(index -> machine.disk(Disk.Controller.SCSI,
                    index / 15, index % 15, 10, false));
        } else {
            assertThat(bus).isEqualTo(storage.fallbackBus());
            machine.guest("otherGuest", OsFamily.OTHER, 32);
            machine.disk(Disk.Controller.SCSI, 0, 0, 20, true);
            IntStream.range(1, (int) count).forEach(index -> machine.disk(Disk.Controller.SCSI, 0, index, 10, false));
        }
        MachineAssessment result = assess(profile, machine);
        String rule = bus == DiskSlot.Bus.IDE ? "disk.ide-over-limit" : "disk.too-many";
        assertThat(ids(result).contains(rule)).isEqualTo(past);
        if (bus == DiskSlot.Bus.IDE) {
            assertThat(result.plan().disks()).filteredOn(disk -> disk.slot().bus() == bus).hasSize((int) capacity);
        }
    }

    static void diskSize(TargetProfile profile, DiskFormat format, long figure, boolean past) {
        TargetProfile only = new TargetProfile(profile.id(), profile.name(), profile.description(), profile.platform(),
                profile.generation(), profile.vm(), profile.host(), profile.boot(),
                new StorageRules(profile.storage().bootBus(), profile.storage().dataBus(),
                        profile.storage().fallbackBus(), profile.storage().buses(), List.of(format)),
                profile.network(), profile.guests(), profile.naming());
        TestMachines machine = base(profile).noDisks().disk(bootController(profile), 0, 0, 20, true)
                .disk(Disk.Controller.SCSI, 0, 1, figure + (past ? 1 : 0), false);
        MachineAssessment result = assess(only, machine);
        assertThat(ids(result).contains("disk.too-large")).isEqualTo(past);
        assertThat(result.plan().disks().get(1).targetFormat()).isEqualTo(format.format());
    }

    static void bootDiskSize(TargetProfile profile, long figure, boolean past) {
        MachineAssessment result = assess(profile, base(profile).noDisks().disk(bootController(profile), 0, 0,
                figure + (past ? 1 : 0), true));
        assertThat(ids(result).contains("boot.disk-too-large")).isEqualTo(past);
    }

    static void nameLength(TargetProfile profile, long figure, boolean past) {
        MachineAssessment result = assess(profile, base(profile).name("a".repeat((int) figure + (past ? 1 : 0))));
        assertThat(ids(result).contains("name.invalid")).isEqualTo(past);
        assertThat(result.plan().machineName()).hasSize((int) figure);
    }

    // --- per host -------------------------------------------------------------------------------------------------

    static void runningVms(TargetProfile profile, long figure, boolean past) {
        assertHosts(profile, demands(figure + (past ? 1 : 0), 1, GIB), 1000, past);
    }

    static void hostVirtualProcessors(TargetProfile profile, long figure, boolean past) {
        List<MachineDemand> machines = demands(figure / 4, 4, GIB);
        if (past) {
            machines.add(new MachineDemand("extra", "extra", 1, GIB, 0));
        }
        assertHosts(profile, machines, 1000, past);
    }

    static void logicalProcessors(TargetProfile profile, long figure, boolean past) {
        List<MachineDemand> machines = demands(figure / 4, 4, GIB);
        if (past) {
            machines.add(new MachineDemand("extra", "extra", 1, GIB, 0));
        }
        assertHosts(profile, machines, 1, past);
    }

    static void hostMemory(TargetProfile profile, long figure, boolean past) {
        List<MachineDemand> machines = demands(16, 1, figure / 16 * GIB);
        if (past) {
            machines.add(new MachineDemand("extra", "extra", 1, GIB, 0));
        }
        assertHosts(profile, machines, 1000, past);
    }

    static void ratio(TargetProfile profile, long figure, boolean past) {
        HostSpec host = new HostSpec("host", 8, 4096, null);
        var placement = new CapacityPlanner().place(demands(8 * figure + (past ? 1 : 0), 1, GIB),
                HostPool.identical(host, null), profile.host(), new PlanningOptions(0, figure));
        assertThat(placement.hostsNeeded()).isEqualTo(past ? 2 : 1);
    }

    private static void assertHosts(TargetProfile profile, List<MachineDemand> machines, double ratio, boolean past) {
        HostLimits limits = profile.host();
        long logical = (limits.logicalProcessors() == null ? 4096 : limits.logicalProcessors().value()) + 64;
        long memory = (limits.memoryGiB() == null ? 1 << 20 : limits.memoryGiB().value()) * 2;
        HostSpec host = new HostSpec("host", (int) logical, memory, null);
        var placement = new CapacityPlanner().place(machines, HostPool.identical(host, null), limits,
                new PlanningOptions(0, ratio));
        assertThat(placement.unplaced()).isEmpty();
        assertThat(placement.hostsNeeded()).isEqualTo(past ? 2 : 1);
        assertThat(placement.lowerBound()).isEqualTo(past ? 2 : 1);
    }

    private static List<MachineDemand> demands(long count, int vcpus, long memoryBytes) {
        List<MachineDemand> machines = new ArrayList<>();
        for (long index = 0; index < count; index++) {
            machines.add(new MachineDemand("m" + index, "m" + index, vcpus, memoryBytes, 0));
        }
        return machines;
    }

    // --- boot and firmware, per generation ------------------------------------------------------------------------

    @Test
    void generation1BootsFromIde00WhateverTheSourceUsed() {
        for (TargetProfile profile : PROFILES.values()) {
            if (profile.generation() != 1) {
                continue;
            }
            MachineAssessment result = assess(profile, base(profile));
            assertThat(ids(result)).as(profile.id()).contains("boot.disk-bus");
            assertThat(result.plan().disks().get(0).slot()).as(profile.id())
                    .isEqualTo(new DiskSlot(DiskSlot.Bus.IDE, 0, 0));
            assertThat(result.plan().disks().get(0).boot()).isTrue();
        }
    }

    @Test
    void uefiSourcesAreRefusedByGeneration1AndPointedToGeneration2() {
        for (TargetProfile profile : PROFILES.values()) {
            if (profile.generation() != 1) {
                continue;
            }
            MachineAssessment result = assess(profile, base(profile).firmware(Firmware.Type.EFI, false));
            assertThat(result.readiness()).isEqualTo(Readiness.NOT_READY);
            Finding finding = finding(result, "firmware.unsupported");
            assertThat(finding.message()).contains(profile.boot().otherGeneration() == null
                    ? "offers no Generation 2"
                    : profile.boot().otherGeneration());
        }
    }

    @Test
    void generation2TakesUefiFromScsiAsVhdxAnd64BitGuestsOnly() {
        for (TargetProfile profile : PROFILES.values()) {
            if (profile.generation() != 2) {
                continue;
            }
            MachineAssessment uefi = assess(profile, base(profile).firmware(Firmware.Type.EFI, true));
            assertThat(ids(uefi)).as(profile.id()).doesNotContain("firmware.unsupported", "boot.disk-bus");
            assertThat(uefi.plan().disks().get(0).slot()).isEqualTo(new DiskSlot(DiskSlot.Bus.SCSI, 0, 0));
            assertThat(uefi.plan().disks().get(0).targetFormat()).isEqualTo("vhdx");
            assertThat(uefi.plan().secureBoot()).isTrue();
            assertThat(profile.storage().formats()).extracting(DiskFormat::format).containsExactly("vhdx");

            MachineAssessment bios = assess(profile, base(profile).firmware(Firmware.Type.BIOS, false));
            assertThat(finding(bios, "firmware.unsupported").message()).contains(profile.boot().otherGeneration());

            MachineAssessment thirtyTwo = assess(profile, base(profile).firmware(Firmware.Type.EFI, false)
                    .guest("windows9Guest", OsFamily.WINDOWS, 32));
            assertThat(ids(thirtyTwo)).contains("guest.32-bit");
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static TestMachines base(TargetProfile profile) {
        TestMachines machine = machine();
        String version = profile.id().replaceAll("^hyperv-([0-9r]+).*$", "$1");
        String guest = NEWEST_GUEST.get(version);
        if (guest != null) {
            machine.guest(guest, OsFamily.WINDOWS, 64);
        }
        if (profile.generation() == 2) {
            machine.firmware(Firmware.Type.EFI, false);
        }
        return machine;
    }

    private static Disk.Controller bootController(TargetProfile profile) {
        return profile.storage().bootBus() == DiskSlot.Bus.IDE ? Disk.Controller.IDE : Disk.Controller.SCSI;
    }

    private static MachineAssessment assess(TargetProfile profile, TestMachines machine) {
        MachineRecord record = machine.build();
        return ASSESSOR.assess(record, profile);
    }

    private static List<String> ids(MachineAssessment result) {
        return result.findings().stream().map(Finding::ruleId).toList();
    }

    private static Finding finding(MachineAssessment result, String ruleId) {
        return result.findings().stream().filter(finding -> finding.ruleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + ruleId + " in " + result.findings()));
    }
}
