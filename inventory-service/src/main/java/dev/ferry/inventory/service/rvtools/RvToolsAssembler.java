package dev.ferry.inventory.service.rvtools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.DiskMode;
import dev.ferry.events.machine.ExternalIds;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.Placement;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.events.machine.SpecialDevices;
import dev.ferry.inventory.service.discovery.AdapterTypes;
import dev.ferry.inventory.service.discovery.DiscoveredHost;
import dev.ferry.inventory.service.discovery.DiscoveredInventory;
import dev.ferry.inventory.service.discovery.DiscoveredMachine;
import dev.ferry.inventory.service.discovery.DiskOrder;
import dev.ferry.inventory.service.discovery.GuestOsClassifier;
import dev.ferry.inventory.service.discovery.ItemErrors;

/**
 * Builds machine records from RVTools rows: vInfo makes a machine, vCPU, vMemory, vDisk and vNetwork rows add to
 * the machine they name (by VM UUID, else VM ID, else name, within one vCenter), vHost rows describe hosts. Sizes are
 * in MiB whether the column says "MB" (older RVTools) or "MiB" (newer).
 */
final class RvToolsAssembler implements SheetHandler {

    private static final long MIB = 1024L * 1024;
    private static final Pattern CONTROLLER_BUS = Pattern.compile("(\\d+)\\s*$");

    private final String sourceId;
    private final ItemErrors errors;
    private final Map<String, VmRows> vms = new LinkedHashMap<>();
    private final List<DiscoveredHost> hosts = new ArrayList<>();
    private boolean sawInfo;

    RvToolsAssembler(String sourceId, ItemErrors errors) {
        this.sourceId = sourceId;
        this.errors = errors;
    }

    /** What one VM's rows say, gathered before the record is made. */
    private static final class VmRows {
        SheetRow info;
        SheetRow cpu;
        SheetRow memory;
        final List<SheetRow> disks = new ArrayList<>();
        final List<SheetRow> nics = new ArrayList<>();
    }

    @Override
    public boolean wants(String sheet) {
        return RvToolsSheets.ALL.contains(sheet);
    }

    @Override
    public void row(SheetRow row) {
        String sheet = row.where().substring(0, row.where().indexOf(' '));
        try {
            if (sheet.equals(RvToolsSheets.HOST)) {
                hosts.add(host(row));
                return;
            }
            String key = key(row);
            if (key == null) {
                errors.add(row.where(), "names no VM (no VM, VM ID or VM UUID value)");
                return;
            }
            VmRows vm = vms.computeIfAbsent(key, ignored -> new VmRows());
            switch (sheet) {
                case RvToolsSheets.INFO -> {
                    sawInfo = true;
                    vm.info = row;
                }
                case RvToolsSheets.CPU -> vm.cpu = row;
                case RvToolsSheets.MEMORY -> vm.memory = row;
                case RvToolsSheets.DISK -> vm.disks.add(row);
                default -> vm.nics.add(row);
            }
        } catch (IllegalArgumentException e) {
            errors.add(row.where(), e.getMessage());
        }
    }

    boolean sawInfo() {
        return sawInfo;
    }

    DiscoveredInventory inventory() {
        List<DiscoveredMachine> machines = new ArrayList<>();
        vms.forEach((key, rows) -> {
            if (rows.info == null) {
                errors.add(key, "has vCPU/vMemory/vDisk/vNetwork rows but no vInfo row; left out");
                return;
            }
            try {
                machines.add(new DiscoveredMachine(key, machine(rows)));
            } catch (IllegalArgumentException e) {
                errors.add(rows.info.text("VM") == null ? key : rows.info.text("VM"), e.getMessage());
            }
        });
        return new DiscoveredInventory(machines, hosts);
    }

    private static String key(SheetRow row) {
        String id = row.text("VM UUID", "VM ID", "VM");
        if (id == null) {
            return null;
        }
        String server = row.text("VI SDK Server", "VI SDK UUID");
        return server == null ? id : server + "/" + id;
    }

    private MachineRecord machine(VmRows rows) {
        SheetRow info = rows.info;
        int cpus = rows.cpu != null ? rows.cpu.integer(info.integer(0, "CPUs"), "CPUs") : info.integer(0, "CPUs");
        int coresPerSocket = rows.cpu == null ? 0 : rows.cpu.integer(0, "Cores p/s", "Cores per socket");
        int sockets = rows.cpu == null ? 0 : rows.cpu.integer(0, "Sockets");
        Long memoryMib = rows.memory != null ? rows.memory.number("Size MiB", "Size MB", "Memory") : null;
        if (memoryMib == null) {
            memoryMib = info.number("Memory", "Memory MiB", "Memory MB");
        }
        List<String> ips = new ArrayList<>();
        addAddresses(ips, info.text("Primary IP Address"));
        List<Nic> nics = new ArrayList<>();
        for (SheetRow nic : rows.nics) {
            nics.add(new Nic(nic.text("NIC label", "Network adapter", "NIC"), AdapterTypes.parse(nic.text("Adapter")),
                    nic.text("Mac Address", "MAC"), nic.text("Network", "Portgroup"),
                    Boolean.TRUE.equals(nic.flag("Connected")), false));
            addAddresses(ips, nic.text("IPv4 Address", "IP Address"));
        }
        List<Disk> disks = new ArrayList<>();
        for (SheetRow disk : rows.disks) {
            disks.add(disk(disk));
        }
        String firmware = info.text("Firmware");
        String path = info.text("Path");
        Set<String> datastores = new LinkedHashSet<>();
        if (path != null && path.startsWith("[") && path.indexOf(']') > 0) {
            datastores.add(path.substring(1, path.indexOf(']')));
        }
        rows.disks.forEach(disk -> {
            String diskPath = disk.text("Path");
            if (diskPath != null && diskPath.startsWith("[") && diskPath.indexOf(']') > 0) {
                datastores.add(diskPath.substring(1, diskPath.indexOf(']')));
            }
        });
        boolean cpuHotAdd = rows.cpu != null && Boolean.TRUE.equals(rows.cpu.flag("Hot Add"));
        boolean memoryHotAdd = rows.memory != null && Boolean.TRUE.equals(rows.memory.flag("Hot Add"));
        return new MachineRecord(null, sourceId, SourceKind.RVTOOLS,
                new ExternalIds(info.text("VM ID"), info.text("VM UUID"), info.text("SMBIOS UUID", "BIOS UUID")),
                info.text("VM"), power(info.text("Powerstate", "Power state")),
                GuestOsClassifier.classify(null, info.text("OS according to the configuration file",
                        "OS according to the VMware Tools", "OS"), null),
                new Firmware(firmware != null && firmware.toLowerCase(Locale.ROOT).contains("efi") ? Firmware.Type.EFI
                        : firmware == null ? Firmware.Type.UNKNOWN : Firmware.Type.BIOS, false),
                new Cpu(cpus, sockets > 0 ? sockets : coresPerSocket > 0 ? Math.max(1, cpus / coresPerSocket) : 0,
                        coresPerSocket),
                memoryMib == null ? 0 : memoryMib * MIB,
                DiskOrder.withBootDisk(disks, null), nics, null, info.flag("CBT"),
                new Placement(info.text("Datacenter"), info.text("Cluster"), info.text("Host"),
                        List.copyOf(datastores)),
                null, ips, info.text("DNS Name"),
                new SpecialDevices(0, 0, false, false, cpuHotAdd, memoryHotAdd, false), null, null);
    }

    private static Disk disk(SheetRow row) {
        String controller = row.text("Controller");
        Disk.Controller kind = Disk.Controller.UNKNOWN;
        int bus = 0;
        if (controller != null) {
            String lower = controller.toLowerCase(Locale.ROOT);
            kind = lower.contains("nvme") ? Disk.Controller.NVME
                    : lower.contains("sata") ? Disk.Controller.SATA
                            : lower.contains("ide") ? Disk.Controller.IDE
                                    : lower.contains("scsi") ? Disk.Controller.SCSI
                                            : Disk.Controller.UNKNOWN;
            Matcher number = CONTROLLER_BUS.matcher(controller);
            bus = number.find() ? Integer.parseInt(number.group(1)) : 0;
        }
        Long capacity = row.number("Capacity MiB", "Capacity MB");
        boolean raw = Boolean.TRUE.equals(row.flag("Raw"));
        String mode = row.text("Disk Mode");
        String sharing = row.text("Sharing mode", "Sharing");
        return new Disk(row.text("Disk Key", "Disk"), row.text("Disk", "Label"),
                capacity == null ? -1 : capacity * MIB, kind, bus, row.integer(0, "Unit #", "SCSI Unit #"), false,
                row.text("Path"), row.flag("Thin"), mode(mode), sharing, raw, null);
    }

    private static DiskMode mode(String mode) {
        if (mode == null) {
            return DiskMode.PERSISTENT;
        }
        try {
            return DiskMode.valueOf(mode.strip().toUpperCase(Locale.ROOT).replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            return DiskMode.UNKNOWN;
        }
    }

    private static DiscoveredHost host(SheetRow row) {
        int sockets = row.integer(0, "# CPU", "CPUs");
        int cores = row.integer(0, "# Cores", "Cores");
        if (cores == 0) {
            cores = sockets * row.integer(0, "Cores per CPU");
        }
        Boolean hyperThreading = row.flag("HT Active");
        Long memoryMib = row.number("# Memory", "Memory", "Memory MiB", "Memory MB");
        return new DiscoveredHost(row.text("Host"), row.text("Datacenter"), row.text("Cluster"), row.text("Vendor"),
                row.text("Model"), row.text("CPU Model"), sockets, cores,
                Boolean.TRUE.equals(hyperThreading) ? cores * 2 : cores, memoryMib == null ? 0 : memoryMib * MIB,
                row.text("ESX Version"), row.integer(0, "# VMs", "# VMs total"));
    }

    private static PowerState power(String state) {
        if (state == null) {
            return PowerState.UNKNOWN;
        }
        return switch (state.toLowerCase(Locale.ROOT).replace(" ", "")) {
            case "poweredon" -> PowerState.POWERED_ON;
            case "poweredoff" -> PowerState.POWERED_OFF;
            case "suspended" -> PowerState.SUSPENDED;
            default -> PowerState.UNKNOWN;
        };
    }

    private static void addAddresses(List<String> into, String addresses) {
        if (addresses == null) {
            return;
        }
        for (String address : addresses.split("[,;\\s]+")) {
            if (!address.isBlank() && !into.contains(address.strip())) {
                into.add(address.strip());
            }
        }
    }
}
