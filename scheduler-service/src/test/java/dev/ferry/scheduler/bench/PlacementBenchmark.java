package dev.ferry.scheduler.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ferry.scheduler.service.planning.CapacityPlanner;
import dev.ferry.scheduler.service.planning.HostPool;
import dev.ferry.scheduler.service.planning.HostSpec;
import dev.ferry.scheduler.service.planning.MachineDemand;
import dev.ferry.scheduler.service.planning.Placement;
import dev.ferry.scheduler.service.planning.PlanningOptions;
import dev.ferry.scheduler.service.profile.BuiltInProfiles;
import dev.ferry.scheduler.service.profile.TargetProfile;
import dev.ferry.scheduler.testing.GeneratedEstate;

/**
 * Places 10,000 generated machines and prints the time taken and the hosts used against the lower bound, for a few
 * host shapes. Not a test: run it with {@code scheduler-service/bench/placement.sh}; it asserts nothing.
 */
public final class PlacementBenchmark {

    private PlacementBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        var profiles = BuiltInProfiles.load();
        run("hyperv-2008r2, 64 LP / 512 GiB / 40 TiB, 8:1, 10% headroom", profiles.get("hyperv-2008r2"),
                new HostSpec("h", 64, 512, 40_960L), new PlanningOptions(10, 8), count, capped(count, 4, 64));
        run("hyperv-2019-gen1, 64 LP / 1 TiB / 40 TiB, 4:1, 10% headroom", profiles.get("hyperv-2019-gen1"),
                new HostSpec("h", 64, 1024, 40_960L), new PlanningOptions(10, 4), count,
                GeneratedEstate.machines(count, 7));
        run("hyperv-2019-gen1, 128 LP / 768 GiB, 6:1, 20% headroom (memory-bound)", profiles.get("hyperv-2019-gen1"),
                new HostSpec("h", 128, 768, null), new PlanningOptions(20, 6), count,
                GeneratedEstate.machines(count, 11));
        List<HostSpec> mixed = new ArrayList<>();
        for (int index = 0; index < 400; index++) {
            mixed.add(index % 3 == 0 ? new HostSpec("large-" + index, 96, 1536, 61_440L)
                    : new HostSpec("small-" + index, 32, 384, 20_480L));
        }
        run("hyperv-2022-gen2, 400 listed hosts (1/3 96 LP / 1.5 TiB / 60 TiB, 2/3 32 LP / 384 GiB / 20 TiB), 4:1, "
                + "10% headroom", profiles.get("hyperv-2022-gen2"), HostPool.of(mixed), new PlanningOptions(10, 4),
                count, GeneratedEstate.machines(count, 19));
    }

    private static List<MachineDemand> capped(int count, int vcpus, long memoryGiB) {
        return GeneratedEstate.machines(count, 3).stream().map(machine -> new MachineDemand(machine.machineId(),
                machine.name(), Math.min(vcpus, machine.vcpus()), Math.min(memoryGiB << 30, machine.memoryBytes()),
                machine.storageBytes())).toList();
    }

    private static void run(String scenario, TargetProfile profile, HostSpec host, PlanningOptions options, int count,
            List<MachineDemand> machines) {
        run(scenario, profile, HostPool.identical(host, null), options, count, machines);
    }

    private static void run(String scenario, TargetProfile profile, HostPool pool, PlanningOptions options, int count,
            List<MachineDemand> machines) {
        CapacityPlanner planner = new CapacityPlanner();
        long best = Long.MAX_VALUE;
        long first = 0;
        Placement placement = null;
        // The first round runs cold (the JIT has not compiled the planner yet): it is what one API call sees.
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            placement = planner.place(machines, pool, profile.host(), options);
            long took = System.nanoTime() - start;
            first = round == 0 ? took : first;
            best = Math.min(best, took);
        }
        double over = 100.0 * (placement.hostsNeeded() - placement.lowerBound()) / placement.lowerBound();
        System.out.printf(Locale.ROOT, "%s%n  %,d machines: %d hosts, lower bound %d (%s), %.1f%% over; "
                + "placed in %.0f ms cold, %.0f ms warm (best of 6); unplaced %d%n", scenario, count,
                placement.hostsNeeded(), placement.lowerBound(), placement.boundingDimension(), over, first / 1e6,
                best / 1e6, placement.unplaced().size());
    }
}
