package dev.ferry.inventory.service.ovf;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import javax.xml.stream.XMLStreamException;

import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.DiskMode;
import dev.ferry.events.machine.ExternalIds;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.service.discovery.AdapterTypes;
import dev.ferry.inventory.service.discovery.DiscoveredMachine;
import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.discovery.DiskOrder;
import dev.ferry.inventory.service.discovery.GuestOsClassifier;
import dev.ferry.inventory.service.discovery.ItemErrors;
import dev.ferry.inventory.service.xml.XmlDocuments;
import dev.ferry.inventory.service.xml.XmlElement;

/**
 * Reads an OVF descriptor (DSP0243, 1.x and 2.x, with VMware's extensions) into machine records: each VirtualSystem
 * becomes a machine; its VirtualHardwareSection items give CPUs (resource type 3), memory (4), IDE (5), SCSI (6) and
 * SATA or NVMe (20) controllers, disks (17, with their parent controller and an {@code ovf:/disk/<id>} host resource
 * in the DiskSection) and NICs (10); the References name each disk's file.
 */
final class OvfDescriptor {

    private static final int MAX_ELEMENTS = 200_000;

    private final XmlElement envelope;
    private final String packageName;

    private OvfDescriptor(XmlElement envelope, String packageName) {
        this.envelope = envelope;
        this.packageName = packageName;
    }

    /**
     * @throws DiscoveryException when the descriptor is not well-formed XML or not an OVF envelope
     */
    static OvfDescriptor parse(byte[] descriptor, String packageName) throws DiscoveryException {
        XmlElement root;
        try {
            root = XmlDocuments.parse(new ByteArrayInputStream(descriptor), MAX_ELEMENTS);
        } catch (XMLStreamException e) {
            throw new DiscoveryException(packageName + ": the OVF descriptor is not well-formed XML: "
                    + e.getMessage().replace('\n', ' '));
        }
        if (!"Envelope".equals(root.name())) {
            throw new DiscoveryException(packageName + ": not an OVF descriptor (the root element is <" + root.name()
                    + ">, expected <Envelope>)");
        }
        return new OvfDescriptor(root, packageName);
    }

    /**
     * The package's machines.
     *
     * @param contentOf where a referenced file's bytes are (by its href), or null when they are not available
     * @throws DiscoveryException when the envelope holds no virtual system
     */
    List<DiscoveredMachine> machines(String sourceId, Function<String, DiskContent> contentOf, ItemErrors errors)
            throws DiscoveryException {
        Map<String, XmlElement> files = new HashMap<>();
        XmlElement references = envelope.child("References");
        if (references != null) {
            references.children("File").forEach(file -> files.put(file.attribute("id"), file));
        }
        Map<String, XmlElement> disks = new HashMap<>();
        XmlElement diskSection = envelope.child("DiskSection");
        if (diskSection != null) {
            diskSection.children("Disk").forEach(disk -> disks.put(disk.attribute("diskId"), disk));
        }
        List<XmlElement> systems = new ArrayList<>(envelope.children("VirtualSystem"));
        XmlElement collection = envelope.child("VirtualSystemCollection");
        if (collection != null) {
            systems.addAll(collection.children("VirtualSystem"));
        }
        if (systems.isEmpty()) {
            throw new DiscoveryException(packageName + ": the OVF descriptor has no VirtualSystem");
        }
        List<DiscoveredMachine> machines = new ArrayList<>();
        for (XmlElement system : systems) {
            String id = system.attribute("id");
            String name = system.textAt("Name") != null ? system.textAt("Name") : id;
            try {
                machines.add(new DiscoveredMachine(id == null ? name : id,
                        machine(sourceId, system, name, files, disks, contentOf, errors)));
            } catch (IllegalArgumentException e) {
                errors.add(name, e.getMessage());
            }
        }
        return machines;
    }

    private MachineRecord machine(String sourceId, XmlElement system, String name, Map<String, XmlElement> files,
            Map<String, XmlElement> diskSection, Function<String, DiskContent> contentOf, ItemErrors errors) {
        XmlElement hardware = system.child("VirtualHardwareSection");
        if (hardware == null) {
            throw new IllegalArgumentException("has no VirtualHardwareSection");
        }
        List<XmlElement> items = new ArrayList<>(hardware.children("Item"));
        items.addAll(hardware.children("StorageItem"));
        items.addAll(hardware.children("EthernetPortItem"));
        Map<String, XmlElement> byInstance = new HashMap<>();
        items.forEach(item -> byInstance.put(item.textAt("InstanceID"), item));

        int cpus = 0;
        int coresPerSocket = 0;
        long memory = 0;
        List<Disk> disks = new ArrayList<>();
        List<Nic> nics = new ArrayList<>();
        for (XmlElement item : items) {
            int type = (int) item.longAt(-1, "ResourceType");
            switch (type) {
                case 3 -> {
                    cpus = (int) item.longAt(0, "VirtualQuantity");
                    coresPerSocket = (int) item.longAt(0, "CoresPerSocket");
                }
                case 4 -> memory = item.longAt(0, "VirtualQuantity") * AllocationUnits.bytes(item.textAt(
                        "AllocationUnits"));
                case 17 -> disks.add(disk(name, item, byInstance, files, diskSection, contentOf, errors));
                case 10 -> nics.add(new Nic(item.textAt("ElementName"), AdapterTypes.parse(item.textAt(
                        "ResourceSubType")), item.textAt("Address"), item.textAt("Connection"),
                        !Boolean.FALSE.equals(item.booleanAt("AutomaticAllocation")), false));
                default -> {
                    // Controllers are read through their disks; other devices (CD-ROM, video, USB) do not migrate.
                }
            }
        }
        Map<String, String> config = new HashMap<>();
        hardware.children("Config").forEach(entry -> config.put(entry.attribute("key"), entry.attribute("value")));
        String systemType = hardware.textAt("System", "VirtualSystemType");
        boolean efi = "efi".equalsIgnoreCase(config.get("firmware"))
                || systemType != null && systemType.toLowerCase(Locale.ROOT).matches(".*\\b(u?efi)\\b.*");
        XmlElement os = system.child("OperatingSystemSection");
        return new MachineRecord(null, sourceId, SourceKind.OVF, new ExternalIds(null, null, null), name,
                PowerState.POWERED_OFF,
                GuestOsClassifier.classify(os == null ? null : os.attribute("osType"),
                        os == null ? null : os.textAt("Description"), null),
                new Firmware(efi ? Firmware.Type.EFI : Firmware.Type.BIOS,
                        "true".equalsIgnoreCase(config.get("bootOptions.efiSecureBootEnabled"))),
                new Cpu(cpus, coresPerSocket > 0 ? Math.max(1, cpus / coresPerSocket) : 0, coresPerSocket), memory,
                DiskOrder.withBootDisk(disks, null), nics, null, null, null, null, null, null, null, null, null);
    }

    private Disk disk(String machine, XmlElement item, Map<String, XmlElement> byInstance,
            Map<String, XmlElement> files, Map<String, XmlElement> diskSection,
            Function<String, DiskContent> contentOf, ItemErrors errors) {
        String label = item.textAt("ElementName") == null ? item.textAt("InstanceID") : item.textAt("ElementName");
        XmlElement controller = byInstance.get(item.textAt("Parent"));
        Disk.Controller kind = Disk.Controller.UNKNOWN;
        int bus = 0;
        if (controller != null) {
            String subtype = String.valueOf(controller.textAt("ResourceSubType")).toLowerCase(Locale.ROOT);
            kind = switch ((int) controller.longAt(-1, "ResourceType")) {
                case 5 -> Disk.Controller.IDE;
                case 6 -> Disk.Controller.SCSI;
                case 20 -> subtype.contains("nvme") ? Disk.Controller.NVME : Disk.Controller.SATA;
                default -> Disk.Controller.UNKNOWN;
            };
            bus = (int) controller.longAt(0, "Address");
        }
        String hostResource = item.textAt("HostResource");
        long capacity = -1;
        String fileRef = null;
        if (hostResource != null && hostResource.contains("/disk/")) {
            XmlElement disk = diskSection.get(hostResource.substring(hostResource.lastIndexOf('/') + 1));
            if (disk == null) {
                throw new IllegalArgumentException("disk '" + label + "' names " + hostResource
                        + ", which the DiskSection does not have");
            }
            capacity = Long.parseLong(disk.attribute("capacity").strip())
                    * AllocationUnits.bytes(disk.attribute("capacityAllocationUnits"));
            fileRef = disk.attribute("fileRef");
        } else if (hostResource != null && hostResource.contains("/file/")) {
            fileRef = hostResource.substring(hostResource.lastIndexOf('/') + 1);
        }
        DiskContent content = null;
        String href = null;
        if (fileRef != null) {
            XmlElement file = files.get(fileRef);
            if (file == null) {
                errors.add(machine, "disk '" + label + "' refers to file '" + fileRef + "', which References lacks");
            } else if (file.attribute("compression") != null) {
                errors.add(machine, "disk '" + label + "' is stored " + file.attribute("compression")
                        + "-compressed in the package and cannot be read in place");
                href = file.attribute("href");
            } else {
                href = file.attribute("href");
                content = contentOf.apply(href);
                if (content == null) {
                    errors.add(machine, "disk '" + label + "': file '" + href + "' is not in the package");
                }
            }
        }
        return new Disk(item.textAt("InstanceID"), label, capacity, kind, bus, (int) item.longAt(0,
                "AddressOnParent"), false, href, null, DiskMode.PERSISTENT, null, false, content);
    }
}
