/**
 * Capacity planning: machines placed on target hosts within a profile's per-host limits.
 *
 * <p>
 * Entry point for other features (waves, admission per target host): {@link
 * dev.ferry.scheduler.service.planning.CapacityPlanner#place} with {@link
 * dev.ferry.scheduler.service.planning.MachineDemand#of} of each plan, a {@link
 * dev.ferry.scheduler.service.planning.HostPool}, the profile's {@code host()} limits and {@link
 * dev.ferry.scheduler.service.planning.PlanningOptions}; {@link
 * dev.ferry.scheduler.service.planning.Placement#hostByMachine()} gives each machine's host. Pure logic, no I/O.
 */
package dev.ferry.scheduler.service.planning;
