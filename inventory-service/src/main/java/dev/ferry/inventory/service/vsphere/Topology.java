package dev.ferry.inventory.service.vsphere;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory tree around the VMs, by managed object id: names and parents of folders, datacenters, clusters,
 * hosts, datastores and networks. Answers where a VM runs and what its datastores and networks are called.
 */
final class Topology {

    /** Object types read into the topology. */
    static final List<String> TYPES = List.of("Folder", "Datacenter", "ComputeResource", "ClusterComputeResource",
            "HostSystem", "Datastore", "Network", "DistributedVirtualPortgroup");

    private record Node(MoRef ref, String name, MoRef parent) {
    }

    private final Map<String, Node> nodes = new HashMap<>();

    void add(ObjectContent object) {
        nodes.put(object.ref().value(), new Node(object.ref(), object.text("name"), MoRef.of(object.get("parent"))));
    }

    /** The object's name, or null when it is unknown. */
    String name(MoRef ref) {
        Node node = ref == null ? null : nodes.get(ref.value());
        return node == null ? null : node.name;
    }

    /** The name of the cluster a host belongs to, or null for a standalone host. */
    String clusterOf(MoRef host) {
        Node node = host == null ? null : nodes.get(host.value());
        if (node == null || node.parent == null) {
            return null;
        }
        return "ClusterComputeResource".equals(node.parent.type()) ? name(node.parent) : null;
    }

    /** The datacenter an object is in, or null. */
    MoRef datacenterOf(MoRef ref) {
        Node node = ref == null ? null : nodes.get(ref.value());
        int depth = 0;
        while (node != null && depth++ < 256) {
            if ("Datacenter".equals(node.ref.type())) {
                return node.ref;
            }
            node = node.parent == null ? null : nodes.get(node.parent.value());
        }
        return null;
    }

    /**
     * The datacenter's inventory path below the root folder ("DC0", or "Europe/DC1" inside a folder), which the
     * datastore file URLs name it by.
     */
    String inventoryPath(MoRef datacenter) {
        Deque<String> names = new ArrayDeque<>();
        Node node = datacenter == null ? null : nodes.get(datacenter.value());
        while (node != null && names.size() < 256) {
            names.push(node.name == null ? node.ref.value() : node.name);
            node = node.parent == null ? null : nodes.get(node.parent.value());
        }
        return String.join("/", names);
    }
}
