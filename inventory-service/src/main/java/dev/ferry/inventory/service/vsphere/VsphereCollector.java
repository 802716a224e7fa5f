package dev.ferry.inventory.service.vsphere;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.config.InventoryConfig;
import dev.ferry.inventory.service.discovery.DiscoveredHost;
import dev.ferry.inventory.service.discovery.DiscoveredInventory;
import dev.ferry.inventory.service.discovery.DiscoveredMachine;
import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.discovery.ItemErrors;
import dev.ferry.inventory.service.discovery.MachineCollector;
import dev.ferry.inventory.service.source.SourceSettings;

/**
 * Discovers a vCenter's or ESXi host's virtual machines: reads the inventory tree (datacenters, clusters, hosts,
 * datastores, networks) through one container view, then every VM's configuration through another, a page at a time.
 */
@ApplicationScoped
public class VsphereCollector implements MachineCollector {

    private static final List<String> HOST_PROPERTIES = List.of("name", "parent", "summary.hardware",
            "summary.config.product.fullName");

    @Inject
    InventoryConfig config;

    @Override
    public SourceKind kind() {
        return SourceKind.VSPHERE;
    }

    @Override
    public DiscoveredInventory collect(SourceSettings source, ItemErrors errors) throws DiscoveryException {
        URI endpoint = URI.create(source.url());
        try (VsphereSession session = VsphereSession.open(endpoint, source.username(), source.password(),
                source.certificateThumbprint(), config.vsphere().connectTimeout(), config.vsphere().requestTimeout(),
                config.vsphere().pageSize())) {
            Topology topology = new Topology();
            List<ObjectContent> hosts = new ArrayList<>();
            MoRef tree = session.createContainerView(Topology.TYPES);
            Map<String, List<String>> treePaths = new LinkedHashMap<>();
            for (String type : Topology.TYPES) {
                treePaths.put(type, type.equals("HostSystem") ? HOST_PROPERTIES : List.of("name", "parent"));
            }
            session.retrieve(tree, treePaths, object -> {
                topology.add(object);
                if ("HostSystem".equals(object.ref().type())) {
                    hosts.add(object);
                }
            });
            session.destroyView(tree);

            VirtualMachineMapper mapper = new VirtualMachineMapper(source.id().toString(), endpoint, topology);
            List<DiscoveredMachine> machines = new ArrayList<>();
            Map<String, Integer> vmsPerHost = new HashMap<>();
            MoRef vms = session.createContainerView(List.of("VirtualMachine"));
            session.retrieve(vms, Map.of("VirtualMachine", VirtualMachineMapper.PROPERTIES), vm -> {
                try {
                    DiscoveredMachine machine = mapper.map(vm);
                    machines.add(machine);
                    MoRef host = MoRef.of(vm.get("runtime.host"));
                    if (host != null) {
                        vmsPerHost.merge(host.value(), 1, Integer::sum);
                    }
                } catch (RuntimeException e) {
                    String name = vm.text("name") == null ? vm.ref().value()
                            : vm.text("name") + " (" + vm.ref()
                                    .value() + ")";
                    errors.add(name, e.getMessage() == null ? e.toString() : e.getMessage());
                }
            });
            session.destroyView(vms);
            return new DiscoveredInventory(machines, hosts.stream()
                    .map(host -> host(host, topology, vmsPerHost.getOrDefault(host.ref().value(), 0))).toList());
        }
    }

    private static DiscoveredHost host(ObjectContent host, Topology topology, int vmCount) {
        var hardware = host.get("summary.hardware");
        return new DiscoveredHost(host.text("name"), topology.name(topology.datacenterOf(host.ref())),
                topology.clusterOf(host.ref()),
                hardware == null ? null : hardware.textAt("vendor"),
                hardware == null ? null : hardware.textAt("model"),
                hardware == null ? null : hardware.textAt("cpuModel"),
                hardware == null ? 0 : (int) hardware.longAt(0, "numCpuPkgs"),
                hardware == null ? 0 : (int) hardware.longAt(0, "numCpuCores"),
                hardware == null ? 0 : (int) hardware.longAt(0, "numCpuThreads"),
                hardware == null ? 0 : hardware.longAt(0, "memorySize"),
                host.text("summary.config.product.fullName"), vmCount);
    }
}
