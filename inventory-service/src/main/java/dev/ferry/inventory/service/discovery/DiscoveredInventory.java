package dev.ferry.inventory.service.discovery;

import java.util.List;

/** Everything one read of a source found: its machines and, where the source knows them, its hosts. */
public record DiscoveredInventory(List<DiscoveredMachine> machines, List<DiscoveredHost> hosts) {

    public DiscoveredInventory {
        machines = List.copyOf(machines);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }
}
