package dev.ferry.scheduler.service.planning;

import dev.ferry.events.plan.ConversionPlan;

/**
 * What one machine takes of a host once converted.
 *
 * @param machineId the machine
 * @param name its name, for reports
 * @param vcpus virtual processors after caps
 * @param memoryBytes memory after caps
 * @param storageBytes capacity of its disks (the most a dynamic image can grow to)
 */
public record MachineDemand(String machineId, String name, int vcpus, long memoryBytes, long storageBytes) {

    /** The demand of a machine converted as {@code plan} says. */
    public static MachineDemand of(ConversionPlan plan) {
        return new MachineDemand(plan.machineId(), plan.machineName(), plan.vcpus(), plan.memoryBytes(),
                plan.totalDiskBytes());
    }

    /** The demand in {@code dimension}'s unit. */
    public long in(Dimension dimension) {
        return switch (dimension) {
            case RUNNING_VMS -> 1;
            case VIRTUAL_PROCESSORS -> vcpus;
            case MEMORY -> memoryBytes;
            case STORAGE -> storageBytes;
        };
    }
}
