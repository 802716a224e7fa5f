package dev.ferry.scheduler.service.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ferry.scheduler.service.profile.HostLimits;
import dev.ferry.scheduler.service.profile.Limit;

/**
 * Places machines on target hosts so that every per-host limit holds, using as few hosts as it can. For a number of
 * hosts k it spreads the machines, largest first, each onto the host where the fullest dimension stays lowest; that
 * mixes memory-heavy, processor-heavy and disk-heavy machines on every host, where first-fit decreasing fills early
 * hosts in one dimension and leaves the others idle. k starts at the lower bound and grows until every machine fits
 * (or the pool runs out); then the least loaded hosts are emptied into the others where their machines fit. Pure
 * logic, no I/O.
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

        Bound bound = lowerBound(placeable, available, pool);
        int most = pool.identical() ? pool.count() == null ? Math.max(1, placeable.size()) : pool.count()
                : available.size();
        Trial trial = smallestFeasible(placeable, available, pool, Math.max(1, Math.min(bound.hosts(), most)), most);
        trial.failed().forEach(machine -> unplaced.add(new Unplaced(machine.machineId(), machine.name(),
                pool.identical() ? "all " + most + " hosts are full"
                        : "every listed host that could take it is full (" + most + " hosts)")));
        List<LoadedHost> open = new ArrayList<>(trial.hosts());
        open.removeIf(host -> host.machines().isEmpty());
        emptyLeastLoaded(open, reference);

        List<HostUsage> usage = new ArrayList<>();
        for (int index = 0; index < open.size(); index++) {
            LoadedHost host = open.get(index);
            usage.add(host.usage(pool.identical() ? pool.template().name() + "-" + (index + 1)
                    : host.capacity().spec().name()));
        }
        return new Placement(usage.size(), bound.hosts(), bound.dimension(), usage, unplaced, assumptions(limits));
    }

    /**
     * The placement on the fewest hosts, from {@code low} up: k grows by 1, 2, 4... until every machine fits, then a
     * binary search finds the smallest k between the last failure and the first success.
     */
    private static Trial smallestFeasible(List<MachineDemand> machines, List<HostCapacity> available, HostPool pool,
            int low, int most) {
        int failedAt = low - 1;
        int step = 1;
        int k = low;
        Trial success = null;
        while (success == null) {
            Trial trial = spread(machines, hosts(available, pool, k));
            if (trial.failed().isEmpty() || k == most) {
                success = trial;
            } else {
                failedAt = k;
                k = Math.min(most, k + step);
                step *= 2;
            }
        }
        int high = k;
        while (high - failedAt > 1) {
            int middle = (failedAt + high) >>> 1;
            Trial trial = spread(machines, hosts(available, pool, middle));
            if (trial.failed().isEmpty()) {
                success = trial;
                high = middle;
            } else {
                failedAt = middle;
            }
        }
        return success;
    }

    /** The first {@code k} hosts of the pool: k identical ones, or the k largest listed ones. */
    private static List<LoadedHost> hosts(List<HostCapacity> available, HostPool pool, int k) {
        List<LoadedHost> hosts = new ArrayList<>(k);
        for (int index = 0; index < k; index++) {
            hosts.add(new LoadedHost(available.get(pool.identical() ? 0 : index)));
        }
        return hosts;
    }

    /** Puts each machine, in the given order, on the host where its fullest dimension ends up lowest. */
    private static Trial spread(List<MachineDemand> machines, List<LoadedHost> hosts) {
        List<MachineDemand> failed = new ArrayList<>();
        for (MachineDemand machine : machines) {
            LoadedHost best = null;
            double bestLoad = Double.MAX_VALUE;
            for (LoadedHost host : hosts) {
                if (host.fits(machine)) {
                    double load = host.loadWith(machine);
                    if (load < bestLoad) {
                        bestLoad = load;
                        best = host;
                    }
                }
            }
            if (best == null) {
                failed.add(machine);
            } else {
                best.add(machine);
            }
        }
        return new Trial(hosts, failed);
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
        Map<String, Limit> named = new LinkedHashMap<>();
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

    /** One attempt at k hosts: the hosts as filled, and the machines that fit on none of them. */
    private record Trial(List<LoadedHost> hosts, List<MachineDemand> failed) {
    }

    private record Move(MachineDemand machine, LoadedHost host) {
    }
}
