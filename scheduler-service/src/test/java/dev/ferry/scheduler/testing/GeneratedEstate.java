package dev.ferry.scheduler.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.ferry.scheduler.service.planning.MachineDemand;

/** Generated machine demands shaped like an estate migrations see: mostly small machines, a few large ones. */
public final class GeneratedEstate {

    private static final long GIB = 1L << 30;
    private static final int[] VCPUS = { 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 8, 8, 16 };
    private static final int[] MEMORY_PER_VCPU = { 1, 2, 2, 4, 4, 8 };

    private GeneratedEstate() {
    }

    /** {@code count} machines, the same for the same {@code seed}. */
    public static List<MachineDemand> machines(int count, long seed) {
        Random random = new Random(seed);
        List<MachineDemand> machines = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            int cpus = VCPUS[random.nextInt(VCPUS.length)];
            long memory = Math.min(256, (long) cpus * MEMORY_PER_VCPU[random.nextInt(MEMORY_PER_VCPU.length)]) * GIB;
            long storage = (40 + random.nextInt(12) * 80L) * GIB;
            machines.add(new MachineDemand("m" + index, "m" + index, cpus, memory, storage));
        }
        return machines;
    }
}
