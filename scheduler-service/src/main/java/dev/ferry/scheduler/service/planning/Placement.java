package dev.ferry.scheduler.service.planning;

import java.util.List;
import java.util.Map;

/**
 * Machines placed on hosts.
 *
 * @param hostsNeeded hosts that carry at least one machine
 * @param lowerBound no placement of these machines can use fewer hosts: the largest, over the dimensions, of the
 *        hosts needed to hold the machines' total demand
 * @param boundingDimension the dimension that sets the lower bound
 * @param hosts the hosts used, with their machines and utilisation
 * @param unplaced machines that fit on no host, with the reason
 * @param assumptions figures the placement rests on that no primary source confirms, for people to check
 */
public record Placement(int hostsNeeded, int lowerBound, Dimension boundingDimension, List<HostUsage> hosts,
        List<Unplaced> unplaced, List<String> assumptions) {

    public Placement {
        hosts = List.copyOf(hosts);
        unplaced = List.copyOf(unplaced);
        assumptions = List.copyOf(assumptions);
    }

    /** Which host each placed machine went to, by machine id. */
    public Map<String, String> hostByMachine() {
        java.util.Map<String, String> byMachine = new java.util.HashMap<>();
        for (HostUsage host : hosts) {
            host.machineIds().forEach(id -> byMachine.put(id, host.host()));
        }
        return byMachine;
    }
}
