package dev.ferry.scheduler.service.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ferry.scheduler.service.profile.HostLimits;
import dev.ferry.scheduler.service.profile.Limit;

/**
 * Places machines on target hosts so that every per-host limit holds, using as few hosts as it can: first-fit
 * decreasing on each machine's dominant share of a host, then emptying the least loaded hosts into the others where
 * their machines fit. Pure logic, no I/O.
 */
@ApplicationScoped
public class CapacityPlanner {

    /**
     * Places {@code machines} on hosts from {@code pool}.
     *
     * @param machines what each machine takes (see {@link MachineDemand#of})
     * @param pool the hosts available
     * @param limits the target profile's per-host limits
     * @param options headroom and vCPU:LP ratio
     * @return the hosts used with their machines and utilisation, the lower bound, and the machines that fit nowhere
     */
    public Placement place(List<MachineDemand> machines, HostPool pool, HostLimits limits, PlanningOptions options) {
        List<HostCapacity> available = pool.identical() ? List.of(HostCapacity.of(pool.template(), limits, options))
                : pool.hosts().stream().map(host -> HostCapacity.of(host, limits, options))
                        .sorted(Comparator.comparingDouble(CapacityPlanner::size).reversed()).toList();
        HostCapacity reference = available.get(0);
        List<Unplaced> unplaced = new ArrayList<>();
        List<MachineDemand> placeable = new ArrayList<>();
        for (MachineDemand machine : machines) {
            String refusal = refusal(machine, available);
            if (refusal == null) {
                placeable.add(machine);
            } else {
                unplaced.add(new Unplaced(machine.machineId(), machine.name(), refusal));
            }
        }
        placeable.sort(Comparator.comparingDouble((MachineDemand machine) -> dominantShare(machine, reference))
                .reversed().thenComparing(MachineDemand::machineId, Comparator.nullsLast(Comparator.naturalOrder())));

        HostSource source = new HostSource(pool, available);
        List<LoadedHost> open = new ArrayList<>();
        for (MachineDemand machine : placeable) {
            if (!firstFit(machine, open)) {
                LoadedHost fresh = source.next(machine);
                if (fresh == null) {
                    unplaced.add(new Unplaced(machine.machineId(), machine.name(), source.exhausted()));
                    continue;
                }
                fresh.add(machine);
                open.add(fresh);
            }
        }
        emptyLeastLoaded(open, reference);

        List<HostUsage> usage = open.stream().map(LoadedHost::usage).toList();
        Bound bound = lowerBound(placeable, available, pool);
        return new Placement(usage.size(), bound.hosts(), bound.dimension(), usage, unplaced, assumptions(limits));
    }

    private static boolean firstFit(MachineDemand machine, List<LoadedHost> hosts) {
        for (LoadedHost host : hosts) {
            if (host.fits(machine)) {
                host.add(machine);
                return true;
            }
        }
        return false;
    }

    /**
     * The improvement pass: takes hosts from the least loaded up and moves all their machines onto the other hosts
     * where they fit; a host whose machines all move is closed.
     */
    private static void emptyLeastLoaded(List<LoadedHost> open, HostCapacity reference) {
        List<LoadedHost> byLoad = new ArrayList<>(open);
        byLoad.sort(Comparator.comparingDouble(LoadedHost::load));
        for (LoadedHost candidate : byLoad) {
            List<LoadedHost> others = open.stream().filter(host -> host != candidate).toList();
            List<MachineDemand> moving = new ArrayList<>(candidate.machines());
            moving.sort(Comparator.comparingDouble((MachineDemand machine) -> dominantShare(machine, reference))
                    .reversed());
            List<Move> moves = new ArrayList<>();
            for (MachineDemand machine : moving) {
                LoadedHost target = others.stream().filter(host -> host.fits(machine)).findFirst().orElse(null);
                if (target == null) {
                    break;
                }
                target.add(machine);
                moves.add(new Move(machine, target));
            }
            if (moves.size() == moving.size()) {
                open.remove(candidate);
            } else {
                moves.forEach(move -> move.host().remove(move.machine()));
            }
        }
    }

    private static String refusal(MachineDemand machine, List<HostCapacity> hosts) {
        String refusal = null;
        for (HostCapacity host : hosts) {
            String reason = host.refusal(machine);
            if (reason == null) {
                return null;
            }
            refusal = refusal == null ? reason : refusal;
        }
        return hosts.size() == 1 ? refusal : "fits on none of the hosts: the largest " + refusal.replace("a host ", "");
    }

    /** The most of any one dimension of {@code host} that {@code machine} takes, from 0 to 1. */
    static double dominantShare(MachineDemand machine, HostCapacity host) {
        double share = 0;
        for (Dimension dimension : host.dimensions()) {
            share = Math.max(share, machine.in(dimension) / (double) host.of(dimension));
        }
        return share;
    }

    private static double size(HostCapacity host) {
        return host.dimensions().stream().mapToDouble(dimension -> Math.log(Math.max(1, host.of(dimension)))).sum();
    }

    /** Hosts needed to hold the total demand in the dimension that needs most; no placement can use fewer. */
    static Bound lowerBound(List<MachineDemand> machines, List<HostCapacity> hosts, HostPool pool) {
        Bound best = new Bound(machines.isEmpty() ? 0 : 1, Dimension.RUNNING_VMS);
        for (Dimension dimension : hosts.get(0).dimensions()) {
            long total = machines.stream().mapToLong(machine -> machine.in(dimension)).sum();
            int needed = pool.identical() ? (int) ceilDiv(total, hosts.get(0).of(dimension))
                    : prefixCount(total, hosts, host -> host.of(dimension));
            if (needed > best.hosts()) {
                best = new Bound(needed, dimension);
            }
        }
        return best;
    }

    private static int prefixCount(long total, List<HostCapacity> hosts, Function<HostCapacity, Long> capacity) {
        List<Long> largestFirst = hosts.stream().map(capacity).sorted(Comparator.reverseOrder()).toList();
        long sum = 0;
        for (int index = 0; index < largestFirst.size(); index++) {
            if (sum >= total) {
                return index;
            }
            sum += largestFirst.get(index);
        }
        return sum >= total ? largestFirst.size() : largestFirst.size() + 1;
    }

    private static long ceilDiv(long total, long capacity) {
        return capacity <= 0 ? 0 : (total + capacity - 1) / capacity;
    }

    private static List<String> assumptions(HostLimits limits) {
        Map<String, Limit> named = new java.util.LinkedHashMap<>();
        named.put("running VMs per host", limits.runningVms());
        named.put("virtual processors per host", limits.virtualProcessors());
        named.put("logical processors per host", limits.logicalProcessors());
        named.put("memory per host (GiB)", limits.memoryGiB());
        named.put("vCPU:LP ratio", limits.vcpuPerLogicalProcessor());
        List<String> unverified = new ArrayList<>();
        named.forEach((what, limit) -> {
            if (limit != null && limit.unverified()) {
                unverified.add(what + " " + limit.describe() + ", " + limit.source());
            }
        });
        return unverified;
    }

    /** The lower bound and the dimension that sets it. */
    record Bound(int hosts, Dimension dimension) {
    }

    private record Move(MachineDemand machine, LoadedHost host) {
    }

    /** Hands out the pool's hosts one at a time: identical ones up to the count, listed ones largest first. */
    private static final class HostSource {

        private final HostPool pool;
        private final List<HostCapacity> remaining;
        private int opened;

        HostSource(HostPool pool, List<HostCapacity> available) {
            this.pool = pool;
            this.remaining = new ArrayList<>(available);
        }

        LoadedHost next(MachineDemand machine) {
            if (pool.identical()) {
                if (pool.count() != null && opened >= pool.count()) {
                    return null;
                }
                opened++;
                HostCapacity template = remaining.get(0);
                HostSpec spec = new HostSpec(pool.template().name() + "-" + opened,
                        pool.template().logicalProcessors(), pool.template().memoryGiB(),
                        pool.template().storageGiB());
                return new LoadedHost(new HostCapacity(spec, template.logicalProcessors(), template.capacity()));
            }
            for (HostCapacity host : remaining) {
                if (host.refusal(machine) == null) {
                    remaining.remove(host);
                    opened++;
                    return new LoadedHost(host);
                }
            }
            return null;
        }

        String exhausted() {
            return pool.identical() ? "all " + pool.count() + " hosts are full"
                    : "every listed host that could take it is full (" + pool.hosts().size() + " hosts)";
        }
    }

    /** A host with the machines placed on it so far. */
    private static final class LoadedHost {

        private final HostCapacity capacity;
        private final Dimension[] dimensions;
        private final long[] limit;
        private final long[] used;
        private final List<MachineDemand> machines = new ArrayList<>();

        LoadedHost(HostCapacity capacity) {
            this.capacity = capacity;
            this.dimensions = capacity.dimensions().toArray(Dimension[]::new);
            this.limit = new long[dimensions.length];
            this.used = new long[dimensions.length];
            for (int index = 0; index < dimensions.length; index++) {
                limit[index] = capacity.of(dimensions[index]);
            }
        }

        boolean fits(MachineDemand machine) {
            if (machine.vcpus() > capacity.logicalProcessors()) {
                return false;
            }
            for (int index = 0; index < dimensions.length; index++) {
                if (used[index] + machine.in(dimensions[index]) > limit[index]) {
                    return false;
                }
            }
            return true;
        }

        void add(MachineDemand machine) {
            machines.add(machine);
            for (int index = 0; index < dimensions.length; index++) {
                used[index] += machine.in(dimensions[index]);
            }
        }

        void remove(MachineDemand machine) {
            machines.remove(machine);
            for (int index = 0; index < dimensions.length; index++) {
                used[index] -= machine.in(dimensions[index]);
            }
        }

        List<MachineDemand> machines() {
            return machines;
        }

        /** The largest share used of any dimension. */
        double load() {
            double load = 0;
            for (int index = 0; index < dimensions.length; index++) {
                load = Math.max(load, used[index] / (double) limit[index]);
            }
            return load;
        }

        HostUsage usage() {
            Map<Dimension, HostUsage.Utilisation> utilisation = new EnumMap<>(Dimension.class);
            for (int index = 0; index < dimensions.length; index++) {
                double percent = limit[index] == 0 ? 0 : Math.round(1000.0 * used[index] / limit[index]) / 10.0;
                utilisation.put(dimensions[index], new HostUsage.Utilisation(used[index], limit[index], percent));
            }
            return new HostUsage(capacity.spec().name(), machines.stream().map(MachineDemand::machineId).toList(),
                    utilisation);
        }
    }
}
