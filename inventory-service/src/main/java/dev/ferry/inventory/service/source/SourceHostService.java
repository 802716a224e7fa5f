package dev.ferry.inventory.service.source;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.ferry.inventory.model.SourceHost;
import dev.ferry.inventory.service.discovery.DiscoveredHost;

/** The hypervisor hosts each source describes, as its last successful discovery found them. */
@ApplicationScoped
public class SourceHostService {

    /** Replaces the source's hosts with {@code hosts}. */
    @Transactional
    public void replace(UUID sourceId, List<DiscoveredHost> hosts, Instant seenAt) {
        SourceHost.delete("sourceId", sourceId);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (DiscoveredHost host : hosts) {
            if (host.name() == null || !names.add(host.name())) {
                continue;
            }
            SourceHost entity = new SourceHost();
            entity.id = UUID.randomUUID();
            entity.sourceId = sourceId;
            entity.name = host.name();
            entity.datacenter = host.datacenter();
            entity.cluster = host.cluster();
            entity.vendor = host.vendor();
            entity.model = host.model();
            entity.cpuModel = host.cpuModel();
            entity.cpuSockets = host.cpuSockets();
            entity.cpuCores = host.cpuCores();
            entity.cpuThreads = host.cpuThreads();
            entity.memoryBytes = host.memoryBytes();
            entity.product = host.product();
            entity.vmCount = host.vmCount();
            entity.seenAt = seenAt;
            entity.persist();
        }
    }

    public List<DiscoveredHost> list(UUID sourceId) {
        return SourceHost.<SourceHost> list("sourceId = ?1 order by name", sourceId).stream()
                .map(host -> new DiscoveredHost(host.name, host.datacenter, host.cluster, host.vendor, host.model,
                        host.cpuModel, host.cpuSockets, host.cpuCores, host.cpuThreads, host.memoryBytes,
                        host.product, host.vmCount))
                .toList();
    }
}
