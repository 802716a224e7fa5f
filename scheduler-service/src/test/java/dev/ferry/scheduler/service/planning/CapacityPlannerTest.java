package dev.ferry.scheduler.service.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ferry.scheduler.service.profile.BuiltInProfiles;
import dev.ferry.scheduler.service.profile.HostLimits;
import dev.ferry.scheduler.service.profile.Limit;
import dev.ferry.scheduler.testing.GeneratedEstate;

class CapacityPlannerTest {

    private static final long GIB = 1L << 30;
    private static final HostLimits HYPERV_2008R2 = BuiltInProfiles.load().get("hyperv-2008r2").host();
    private static final HostLimits HYPERV_2019 = BuiltInProfiles.load().get("hyperv-2019-gen1").host();
    private static final PlanningOptions NO_HEADROOM = new PlanningOptions(0, 8);

    private final CapacityPlanner planner = new CapacityPlanner();

    @Test
    void hyperV2008R2HostRunsAtMost384Vms() {
        HostSpec big = new HostSpec("h", 64, 1024, null);
        Placement placement = planner.place(machines(385, 1, GIB), HostPool.identical(big, null), HYPERV_2008R2,
                new PlanningOptions(0, 100));
        assertThat(placement.hostsNeeded()).isEqualTo(2);
        assertThat(placement.boundingDimension()).isEqualTo(Dimension.RUNNING_VMS);
        assertThat(placement.hosts()).allMatch(host -> host.machineIds().size() <= 384);
    }

    @Test
    void hyperV2008R2HostRunsAtMost512VirtualProcessors() {
        HostSpec big = new HostSpec("h", 64, 1024, null);
        Placement placement = planner.place(machines(129, 4, GIB), HostPool.identical(big, null), HYPERV_2008R2,
                new PlanningOptions(0, 100));
        assertThat(placement.hostsNeeded()).isEqualTo(2);
        assertThat(placement.boundingDimension()).isEqualTo(Dimension.VIRTUAL_PROCESSORS);
        assertThat(placement.hosts()).allMatch(host -> host.utilisation().get(Dimension.VIRTUAL_PROCESSORS).used() <= 512);
    }

    @Test
    void everyPerHostLimitHoldsOnRandomMachines() {
        List<MachineDemand> machines = GeneratedEstate.machines(2000, 42);
        HostSpec host = new HostSpec("h", 48, 384, 20_000L);
        Placement placement = planner.place(machines, HostPool.identical(host, null), HYPERV_2019,
                new PlanningOptions(15, 4));
        assertThat(placement.unplaced()).isEmpty();
        assertThat(placement.hosts().stream().mapToInt(h -> h.machineIds().size()).sum()).isEqualTo(2000);
        for (HostUsage usage : placement.hosts()) {
            usage.utilisation().forEach((dimension, use) -> assertThat(use.used()).as(usage.host() + " " + dimension)
                    .isLessThanOrEqualTo(use.capacity()));
        }
        // Capacity after headroom: 15% of 48 LPs x 4 and of 384 GiB kept free.
        HostUsage.Utilisation memory = placement.hosts().get(0).utilisation().get(Dimension.MEMORY);
        assertThat(memory.capacity()).isEqualTo((long) Math.floor(384 * GIB * 0.85));
        assertThat(placement.hosts().get(0).utilisation().get(Dimension.VIRTUAL_PROCESSORS).capacity())
                .isEqualTo(163);
        assertThat(placement.hostsNeeded()).isGreaterThanOrEqualTo(placement.lowerBound());
        assertThat(placement.hostsNeeded()).isLessThanOrEqualTo((int) Math.ceil(placement.lowerBound() * 1.05));
    }

    @Test
    void machineLargerThanAnEmptyHostIsExplained() {
        List<MachineDemand> machines = new ArrayList<>(machines(3, 2, 8 * GIB));
        machines.add(new MachineDemand("huge", "huge", 4, 200 * GIB, 0));
        machines.add(new MachineDemand("wide", "wide", 32, 8 * GIB, 0));
        HostSpec host = new HostSpec("h", 16, 128, null);
        Placement placement = planner.place(machines, HostPool.identical(host, null), HYPERV_2008R2,
                new PlanningOptions(10, 8));
        assertThat(placement.hostsNeeded()).isEqualTo(1);
        Map<String, String> reasons = new java.util.HashMap<>();
        placement.unplaced().forEach(unplaced -> reasons.put(unplaced.machineId(), unplaced.reason()));
        assertThat(reasons.get("huge")).contains("200.0 GiB of memory").contains("115.2 GiB");
        assertThat(reasons.get("wide")).contains("32 virtual processors").contains("16 logical processors");
    }

    @Test
    void machinesBeyondTheHostCountAreListedAsUnplaced() {
        HostSpec host = new HostSpec("h", 8, 64, null);
        Placement placement = planner.place(machines(20, 8, 16 * GIB), HostPool.identical(host, 2), HYPERV_2019,
                NO_HEADROOM);
        assertThat(placement.hostsNeeded()).isEqualTo(2);
        assertThat(placement.unplaced()).hasSize(12).allMatch(unplaced -> unplaced.reason().contains("all 2 hosts"));
        assertThat(placement.lowerBound()).isEqualTo(5);
    }

    @Test
    void listedHostsAreFilledLargestFirstAndTheLowerBoundCountsTheLargest() {
        List<HostSpec> hosts = List.of(new HostSpec("small", 8, 64, null), new HostSpec("large", 32, 512, null),
                new HostSpec("medium", 16, 256, null));
        Placement placement = planner.place(machines(40, 2, 16 * GIB), HostPool.of(hosts), HYPERV_2019, NO_HEADROOM);
        // 640 GiB in all: the large host alone cannot hold it, large and medium together can.
        assertThat(placement.lowerBound()).isEqualTo(2);
        assertThat(placement.hosts()).extracting(HostUsage::host).containsExactly("large", "medium");
        assertThat(placement.unplaced()).isEmpty();
    }

    @Test
    void unverifiedFiguresThePlanRestsOnAreNamed() {
        Placement placement = planner.place(machines(1, 1, GIB), HostPool.identical(new HostSpec("h", 8, 64, null),
                null), HYPERV_2008R2, NO_HEADROOM);
        assertThat(placement.assumptions()).anyMatch(text -> text.startsWith("logical processors per host 64"))
                .anyMatch(text -> text.startsWith("memory per host (GiB) 1,024"));
    }

    @Test
    void hostsWithoutCountLimitsArePlannedByHardwareOnly() {
        HostLimits none = new HostLimits(null, null, null, null, null);
        Placement placement = planner.place(machines(10, 4, 8 * GIB), HostPool.identical(new HostSpec("h", 10, 1000,
                null), null), none, new PlanningOptions(0, 2));
        assertThat(placement.hostsNeeded()).isEqualTo(2);
        assertThat(placement.hosts().get(0).utilisation()).doesNotContainKey(Dimension.RUNNING_VMS);
        assertThat(new Limit(1, "x", false).allows(1)).isTrue();
    }

    static List<MachineDemand> machines(int count, int vcpus, long memory) {
        List<MachineDemand> machines = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            machines.add(new MachineDemand("m" + index, "m" + index, vcpus, memory, 0));
        }
        return machines;
    }
}
