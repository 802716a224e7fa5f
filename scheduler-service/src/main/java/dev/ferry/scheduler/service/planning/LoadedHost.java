package dev.ferry.scheduler.service.planning;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A host with the machines placed on it so far, and what they take of each dimension. */
final class LoadedHost {

    private final HostCapacity capacity;
    private final Dimension[] dimensions;
    private final long[] limit;
    private final double[] inverse;
    private final long[] used;
    private final List<MachineDemand> machines = new ArrayList<>();

    LoadedHost(HostCapacity capacity) {
        this.capacity = capacity;
        this.dimensions = capacity.dimensions().toArray(Dimension[]::new);
        this.limit = new long[dimensions.length];
        this.inverse = new double[dimensions.length];
        this.used = new long[dimensions.length];
        for (int index = 0; index < dimensions.length; index++) {
            limit[index] = capacity.of(dimensions[index]);
            inverse[index] = 1.0 / limit[index];
        }
    }

    HostCapacity capacity() {
        return capacity;
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

    /** The largest share of any dimension the host would have used with {@code machine} added. */
    double loadWith(MachineDemand machine) {
        double load = 0;
        for (int index = 0; index < dimensions.length; index++) {
            load = Math.max(load, (used[index] + machine.in(dimensions[index])) * inverse[index]);
        }
        return load;
    }

    /** The largest share used of any dimension. */
    double load() {
        double load = 0;
        for (int index = 0; index < dimensions.length; index++) {
            load = Math.max(load, used[index] * inverse[index]);
        }
        return load;
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

    /** What the host's machines take of it, under {@code name}. */
    HostUsage usage(String name) {
        Map<Dimension, HostUsage.Utilisation> utilisation = new EnumMap<>(Dimension.class);
        for (int index = 0; index < dimensions.length; index++) {
            double percent = limit[index] == 0 ? 0 : Math.round(1000.0 * used[index] / limit[index]) / 10.0;
            utilisation.put(dimensions[index], new HostUsage.Utilisation(used[index], limit[index], percent));
        }
        return new HostUsage(name, machines.stream().map(MachineDemand::machineId).toList(), utilisation);
    }
}
