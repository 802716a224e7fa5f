package dev.ferry.scheduler.service.planning;

/**
 * How tightly hosts are packed.
 *
 * @param headroomPercent share of each host's processors, memory and storage kept free (for failover, growth and the
 *        hypervisor itself); the profile's count limits (running VMs, virtual processors) are never exceeded either way
 * @param vcpuPerLogicalProcessor virtual processors allowed per logical processor (8 means 8:1)
 */
public record PlanningOptions(double headroomPercent, double vcpuPerLogicalProcessor) {

    public PlanningOptions {
        if (headroomPercent < 0 || headroomPercent >= 100) {
            throw new IllegalArgumentException("headroom must be at least 0% and below 100%");
        }
        if (!(vcpuPerLogicalProcessor > 0)) {
            throw new IllegalArgumentException("the vCPU:LP ratio must be positive");
        }
    }
}
