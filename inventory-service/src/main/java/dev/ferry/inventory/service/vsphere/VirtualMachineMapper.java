package dev.ferry.inventory.service.vsphere;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.DiskMode;
import dev.ferry.events.machine.ExternalIds;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.Placement;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.Snapshot;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.events.machine.SpecialDevices;
import dev.ferry.inventory.service.discovery.DiscoveredMachine;
import dev.ferry.inventory.service.discovery.DiskOrder;
import dev.ferry.inventory.service.discovery.GuestOsClassifier;
import dev.ferry.inventory.service.xml.XmlElement;

/** Turns a VirtualMachine's properties, as RetrievePropertiesEx returns them, into a machine record. */
final class VirtualMachineMapper {

    /** The VirtualMachine properties the mapping reads. */
    static final List<String> PROPERTIES = List.of("name", "config.instanceUuid", "config.uuid", "config.guestId",
            "config.guestFullName", "config.firmware", "config.bootOptions", "config.hardware.numCPU",
            "config.hardware.numCoresPerSocket", "config.hardware.memoryMB", "config.hardware.device",
            "config.changeTrackingEnabled", "config.cpuHotAddEnabled", "config.memoryHotAddEnabled",
            "config.cpuAffinity", "runtime.powerState", "runtime.host", "snapshot", "guest.toolsRunningStatus",
            "guest.ipAddress", "guest.hostName", "guest.net", "guest.guestFamily", "datastore");

    private static final Map<String, Disk.Controller> CONTROLLERS = Map.ofEntries(
            Map.entry("VirtualIDEController", Disk.Controller.IDE),
            Map.entry("VirtualLsiLogicController", Disk.Controller.SCSI),
            Map.entry("VirtualLsiLogicSASController", Disk.Controller.SCSI),
            Map.entry("ParaVirtualSCSIController", Disk.Controller.SCSI),
            Map.entry("VirtualBusLogicController", Disk.Controller.SCSI),
            Map.entry("VirtualAHCIController", Disk.Controller.SATA),
            Map.entry("VirtualSATAController", Disk.Controller.SATA),
            Map.entry("VirtualNVMEController", Disk.Controller.NVME));

    private static final Map<String, Nic.AdapterType> ADAPTERS = Map.of(
            "VirtualVmxnet3", Nic.AdapterType.VMXNET3,
            "VirtualVmxnet3Vrdma", Nic.AdapterType.VMXNET3,
            "VirtualVmxnet2", Nic.AdapterType.VMXNET2,
            "VirtualVmxnet", Nic.AdapterType.VMXNET,
            "VirtualE1000", Nic.AdapterType.E1000,
            "VirtualE1000e", Nic.AdapterType.E1000E,
            "VirtualPCNet32", Nic.AdapterType.PCNET32,
            "VirtualSriovEthernetCard", Nic.AdapterType.SRIOV);

    private final String sourceId;
    private final URI endpoint;
    private final Topology topology;

    /**
     * @param endpoint the SDK endpoint; datastore file URLs are made on its host
     */
    VirtualMachineMapper(String sourceId, URI endpoint, Topology topology) {
        this.sourceId = sourceId;
        this.endpoint = endpoint;
        this.topology = topology;
    }

    /**
     * @throws IllegalArgumentException when the VM's configuration cannot be read (an inaccessible or orphaned VM)
     */
    DiscoveredMachine map(ObjectContent vm) {
        String moid = vm.ref().value();
        if (vm.get("config.hardware.device") == null) {
            String reason = vm.missing().getOrDefault("config.hardware.device", "no configuration");
            throw new IllegalArgumentException("its configuration cannot be read (" + reason + "); the VM may be "
                    + "inaccessible or orphaned");
        }
        String instanceUuid = vm.text("config.instanceUuid");
        Devices devices = new Devices(vm.get("config.hardware.device"));
        BootOrder boot = new BootOrder(vm.get("config.bootOptions"));
        MoRef host = MoRef.of(vm.get("runtime.host"));
        PowerState power = power(vm.text("runtime.powerState"));
        MachineRecord record = new MachineRecord(null, sourceId, SourceKind.VSPHERE,
                new ExternalIds(moid, instanceUuid, vm.text("config.uuid")),
                vm.text("name") == null ? moid : vm.text("name"),
                power,
                GuestOsClassifier.classify(vm.text("config.guestId"), vm.text("config.guestFullName"),
                        vm.text("guest.guestFamily")),
                new Firmware("efi".equalsIgnoreCase(vm.text("config.firmware")) ? Firmware.Type.EFI
                        : Firmware.Type.BIOS, boot.secureBoot),
                cpu(vm),
                Long.parseLong(orZero(vm.text("config.hardware.memoryMB"))) * 1024 * 1024,
                DiskOrder.withBootDisk(devices.disks(), boot.diskKey),
                devices.nics(power, boot.nicKeys),
                snapshots(vm.get("snapshot")),
                booleanOrNull(vm.text("config.changeTrackingEnabled")),
                placement(vm, host),
                vm.text("guest.toolsRunningStatus"),
                ipAddresses(vm),
                vm.text("guest.hostName"),
                devices.special(vm),
                null, null);
        return new DiscoveredMachine(instanceUuid != null ? instanceUuid : moid, record);
    }

    private static Cpu cpu(ObjectContent vm) {
        int count = Integer.parseInt(orZero(vm.text("config.hardware.numCPU")));
        int coresPerSocket = Math.max(1, Integer.parseInt(orZero(vm.text("config.hardware.numCoresPerSocket"))));
        return new Cpu(count, Math.max(1, count / coresPerSocket), coresPerSocket);
    }

    private Placement placement(ObjectContent vm, MoRef host) {
        List<String> datastores = new ArrayList<>();
        XmlElement stores = vm.get("datastore");
        if (stores != null) {
            for (XmlElement store : stores.children()) {
                MoRef ref = MoRef.of(store);
                datastores.add(topology.name(ref) == null ? ref.value() : topology.name(ref));
            }
        }
        MoRef datacenter = topology.datacenterOf(host != null ? host
                : stores == null || stores.children().isEmpty()
                        ? null
                        : MoRef.of(stores.children().get(0)));
        return new Placement(topology.name(datacenter), topology.clusterOf(host), topology.name(host), datastores);
    }

    private static List<String> ipAddresses(ObjectContent vm) {
        Set<String> addresses = new LinkedHashSet<>();
        if (vm.text("guest.ipAddress") != null) {
            addresses.add(vm.text("guest.ipAddress"));
        }
        XmlElement nics = vm.get("guest.net");
        if (nics != null) {
            for (XmlElement nic : nics.children()) {
                nic.children("ipAddress").forEach(address -> addresses.add(address.text()));
            }
        }
        addresses.remove("");
        return List.copyOf(addresses);
    }

    private static List<Snapshot> snapshots(XmlElement info) {
        List<Snapshot> snapshots = new ArrayList<>();
        if (info != null) {
            collectSnapshots(info.children("rootSnapshotList"), snapshots, 0);
        }
        return snapshots;
    }

    private static void collectSnapshots(List<XmlElement> trees, List<Snapshot> into, int depth) {
        if (depth > 64) {
            return;
        }
        for (XmlElement tree : trees) {
            into.add(new Snapshot(tree.textAt("name"), instant(tree.textAt("createTime"))));
            collectSnapshots(tree.children("childSnapshotList"), into, depth + 1);
        }
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static PowerState power(String state) {
        if (state == null) {
            return PowerState.UNKNOWN;
        }
        return switch (state) {
            case "poweredOn" -> PowerState.POWERED_ON;
            case "poweredOff" -> PowerState.POWERED_OFF;
            case "suspended" -> PowerState.SUSPENDED;
            default -> PowerState.UNKNOWN;
        };
    }

    private static String orZero(String value) {
        return value == null || value.isBlank() ? "0" : value;
    }

    private static Boolean booleanOrNull(String value) {
        return value == null ? null : Boolean.valueOf(value);
    }

    /** The boot options: secure boot, and the devices the VM boots from, first ones first. */
    private static final class BootOrder {

        final boolean secureBoot;
        final String diskKey;
        final Set<String> nicKeys = new LinkedHashSet<>();

        BootOrder(XmlElement options) {
            secureBoot = options != null && Boolean.TRUE.equals(options.booleanAt("efiSecureBootEnabled"));
            String firstDisk = null;
            if (options != null) {
                for (XmlElement device : options.children("bootOrder")) {
                    String type = device.xsiType() == null ? "" : device.xsiType();
                    if (type.endsWith("BootableDiskDevice") && firstDisk == null) {
                        firstDisk = device.textAt("deviceKey");
                    } else if (type.endsWith("BootableEthernetDevice")) {
                        nicKeys.add(device.textAt("deviceKey"));
                    }
                }
            }
            diskKey = firstDisk;
        }
    }

    /** The VM's devices: disks with their controllers, network adapters, and hardware that affects migration. */
    private final class Devices {

        private final List<XmlElement> all;
        private final Map<String, XmlElement> byKey = new HashMap<>();

        Devices(XmlElement list) {
            all = list.children();
            for (XmlElement device : all) {
                byKey.put(device.textAt("key"), device);
            }
        }

        List<Disk> disks() {
            List<Disk> disks = new ArrayList<>();
            for (XmlElement device : all) {
                if ("VirtualDisk".equals(device.xsiType())) {
                    disks.add(disk(device));
                }
            }
            return disks;
        }

        private Disk disk(XmlElement device) {
            XmlElement controller = byKey.get(device.textAt("controllerKey"));
            Disk.Controller kind = controller == null ? Disk.Controller.UNKNOWN
                    : CONTROLLERS.getOrDefault(controller.xsiType(), Disk.Controller.UNKNOWN);
            long capacity = device.longAt(-1, "capacityInBytes");
            if (capacity <= 0) {
                capacity = device.longAt(-1, "capacityInKB") * 1024;
            }
            XmlElement backing = device.child("backing");
            String backingType = backing == null || backing.xsiType() == null ? "" : backing.xsiType();
            String fileName = backing == null ? null : backing.textAt("fileName");
            boolean rdm = backingType.startsWith("VirtualDiskRawDiskMapping");
            return new Disk(device.textAt("key"), device.textAt("deviceInfo", "label"), capacity, kind,
                    controller == null ? 0 : (int) controller.longAt(0, "busNumber"),
                    (int) device.longAt(0, "unitNumber"), false,
                    rdm && backing.textAt("deviceName") != null ? fileName + " (" + backing.textAt("deviceName") + ")"
                            : fileName,
                    backing == null ? null : backing.booleanAt("thinProvisioned"),
                    diskMode(backing == null ? null : backing.textAt("diskMode")),
                    backing == null ? null : backing.textAt("sharing"), rdm,
                    rdm ? null : content(fileName));
        }

        /** Where a worker reads the disk: the datastore file over HTTPS, with the source's credentials. */
        private DiskContent content(String fileName) {
            DatastorePath path = DatastorePath.parse(fileName);
            if (path == null) {
                return null;
            }
            String datacenter = null;
            for (XmlElement device : all) {
                // The datacenter is that of the datastore the file lives on; any disk's datastore reference names it.
                MoRef store = MoRef.of(device.at("backing", "datastore"));
                if (store != null && path.datastore().equals(topology.name(store))) {
                    datacenter = topology.inventoryPath(topology.datacenterOf(store));
                    break;
                }
            }
            StringBuilder url = new StringBuilder("https://").append(endpoint.getRawAuthority()).append("/folder/");
            url.append(encodePath(path.path()));
            url.append(datacenter == null || datacenter.isEmpty() ? "?" : "?dcPath=" + encode(datacenter) + "&");
            url.append("dsName=").append(encode(path.datastore()));
            return new DiskContent(DiskContent.Kind.HTTP, url.toString(), null, "vmdk", sourceId);
        }

        List<Nic> nics(PowerState power, Set<String> pxeKeys) {
            List<Nic> nics = new ArrayList<>();
            for (XmlElement device : all) {
                Nic.AdapterType type = ADAPTERS.get(device.xsiType());
                if (type == null) {
                    continue;
                }
                XmlElement connectable = device.child("connectable");
                boolean connected = connectable != null && Boolean.TRUE.equals(power == PowerState.POWERED_ON
                        ? connectable.booleanAt("connected")
                        : connectable.booleanAt("startConnected"));
                nics.add(new Nic(device.textAt("deviceInfo", "label"), type, device.textAt("macAddress"),
                        network(device.child("backing"), device), connected, pxeKeys.contains(device.textAt("key"))));
            }
            return nics;
        }

        private String network(XmlElement backing, XmlElement device) {
            if (backing != null) {
                if (backing.textAt("deviceName") != null) {
                    return backing.textAt("deviceName");
                }
                String portgroup = backing.textAt("port", "portgroupKey");
                if (portgroup != null) {
                    String name = topology.name(new MoRef("DistributedVirtualPortgroup", portgroup));
                    return name != null ? name : portgroup;
                }
                MoRef network = MoRef.of(backing.child("network"));
                if (network != null && topology.name(network) != null) {
                    return topology.name(network);
                }
                if (backing.textAt("opaqueNetworkId") != null) {
                    return backing.textAt("opaqueNetworkId");
                }
            }
            return device.textAt("deviceInfo", "summary");
        }

        SpecialDevices special(ObjectContent vm) {
            int passthrough = 0;
            int sriov = 0;
            boolean usb = false;
            boolean tpm = false;
            for (XmlElement device : all) {
                String type = device.xsiType() == null ? "" : device.xsiType();
                if (type.equals("VirtualPCIPassthrough")) {
                    passthrough++;
                } else if (type.equals("VirtualSriovEthernetCard")) {
                    sriov++;
                } else if (type.startsWith("VirtualUSB") && type.endsWith("Controller")) {
                    usb = true;
                } else if (type.equals("VirtualTPM")) {
                    tpm = true;
                }
            }
            XmlElement affinity = vm.get("config.cpuAffinity");
            return new SpecialDevices(passthrough, sriov, usb, tpm,
                    Boolean.parseBoolean(vm.text("config.cpuHotAddEnabled")),
                    Boolean.parseBoolean(vm.text("config.memoryHotAddEnabled")),
                    affinity != null && !affinity.children("affinitySet").isEmpty());
        }
    }

    private static DiskMode diskMode(String mode) {
        if (mode == null) {
            return DiskMode.PERSISTENT;
        }
        try {
            return DiskMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return DiskMode.UNKNOWN;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        return out.toString();
    }
}
