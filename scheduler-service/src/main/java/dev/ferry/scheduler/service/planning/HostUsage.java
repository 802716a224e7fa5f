package dev.ferry.scheduler.service.planning;

import java.util.List;
import java.util.Map;

/**
 * One host of a placement and what its machines take of it.
 *
 * @param host the host's name
 * @param machineIds the machines placed on it
 * @param utilisation per dimension: used, capacity (after limits and headroom) and the share used
 */
public record HostUsage(String host, List<String> machineIds, Map<Dimension, Utilisation> utilisation) {

    /**
     * Use of one dimension of a host.
     *
     * @param used what the host's machines take
     * @param capacity what the host offers within the profile's limits and the headroom
     * @param percent used as a percentage of capacity
     */
    public record Utilisation(long used, long capacity, double percent) {
    }
}
