package dev.ferry.scheduler.service.planning;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ferry.scheduler.service.profile.HostLimits;
import dev.ferry.scheduler.service.profile.Limit;
import dev.ferry.scheduler.service.profile.TargetProfile;

/**
 * What one host offers machines: its hardware cut to the profile's per-host limits, the vCPU:LP ratio and the
 * headroom.
 *
 * @param spec the host's hardware
 * @param logicalProcessors logical processors the hypervisor uses (no VM may have more virtual processors)
 * @param capacity what the host offers per dimension; a dimension without a limit is absent
 */
record HostCapacity(HostSpec spec, long logicalProcessors, Map<Dimension, Long> capacity) {

    static HostCapacity of(HostSpec spec, HostLimits limits, PlanningOptions options) {
        double free = 1 - options.headroomPercent() / 100;
        long logical = min(spec.logicalProcessors(), limits.logicalProcessors());
        Map<Dimension, Long> capacity = new EnumMap<>(Dimension.class);
        if (limits.runningVms() != null) {
            capacity.put(Dimension.RUNNING_VMS, limits.runningVms().value());
        }
        long byRatio = (long) Math.floor(logical * options.vcpuPerLogicalProcessor() * free);
        capacity.put(Dimension.VIRTUAL_PROCESSORS, min(byRatio, limits.virtualProcessors()));
        long memoryGiB = min(spec.memoryGiB(), limits.memoryGiB());
        capacity.put(Dimension.MEMORY, (long) Math.floor(memoryGiB * (double) TargetProfile.GIB * free));
        if (spec.storageGiB() != null) {
            capacity.put(Dimension.STORAGE, (long) Math.floor(spec.storageGiB() * (double) TargetProfile.GIB * free));
        }
        return new HostCapacity(spec, logical, capacity);
    }

    /** The dimensions this host is planned in. */
    List<Dimension> dimensions() {
        return List.copyOf(capacity.keySet());
    }

    long of(Dimension dimension) {
        return capacity.getOrDefault(dimension, Long.MAX_VALUE);
    }

    /** Why {@code machine} cannot run on this host even when it is empty, or null when it can. */
    String refusal(MachineDemand machine) {
        if (machine.vcpus() > logicalProcessors) {
            return String.format(Locale.ROOT, "has %d virtual processors; a host uses %d logical processors",
                    machine.vcpus(), logicalProcessors);
        }
        for (Dimension dimension : dimensions()) {
            if (machine.in(dimension) > of(dimension)) {
                return "needs " + Quantities.describe(dimension, machine.in(dimension)) + "; a host offers "
                        + Quantities.describe(dimension, of(dimension)) + " after limits and headroom";
            }
        }
        return null;
    }

    private static long min(long hardware, Limit limit) {
        return limit == null ? hardware : Math.min(hardware, limit.value());
    }
}
