package dev.ferry.scheduler.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.DiskMode;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.GuestOs;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.Snapshot;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.events.machine.SpecialDevices;

/**
 * Machine records for tests, shaped like a healthy vSphere VM unless told otherwise: Windows Server 2019, BIOS, 2
 * vCPUs, 4 GiB, one 40 GiB boot disk on SCSI 0:0 readable over HTTP, one connected vmxnet3 adapter, an IP address and
 * a host name, changed block tracking on.
 */
public final class TestMachines {

    public static final long GIB = 1L << 30;

    private String id = UUID.randomUUID().toString();
    private String name = "app01";
    private SourceKind sourceKind = SourceKind.VSPHERE;
    private String sourceId = UUID.randomUUID().toString();
    private PowerState powerState = PowerState.POWERED_ON;
    private GuestOs guest = new GuestOs("windows2019srv_64Guest", "Microsoft Windows Server 2019 (64-bit)",
            OsFamily.WINDOWS, 64);
    private Firmware firmware = Firmware.BIOS;
    private int cpus = 2;
    private long memoryBytes = 4 * GIB;
    private final List<Disk> disks = new ArrayList<>();
    private final List<Nic> nics = new ArrayList<>();
    private final List<Snapshot> snapshots = new ArrayList<>();
    private Boolean changedBlockTracking = true;
    private List<String> ips = List.of("10.0.0.5");
    private String hostName = "app01.example.test";
    private SpecialDevices devices = SpecialDevices.NONE;
    private boolean defaultDisk = true;
    private boolean defaultNic = true;

    private TestMachines() {
    }

    public static TestMachines machine() {
        return new TestMachines();
    }

    public TestMachines id(String id) {
        this.id = id;
        return this;
    }

    public TestMachines name(String name) {
        this.name = name;
        return this;
    }

    public TestMachines source(SourceKind kind, String sourceId) {
        this.sourceKind = kind;
        this.sourceId = sourceId;
        return this;
    }

    public TestMachines powerState(PowerState powerState) {
        this.powerState = powerState;
        return this;
    }

    public TestMachines guest(String guestId, OsFamily family, int bits) {
        this.guest = guestId == null && family == null ? null : new GuestOs(guestId, guestId, family, bits);
        return this;
    }

    public TestMachines firmware(Firmware.Type type, boolean secureBoot) {
        this.firmware = new Firmware(type, secureBoot);
        return this;
    }

    public TestMachines cpus(int cpus) {
        this.cpus = cpus;
        return this;
    }

    public TestMachines memoryGiB(long gib) {
        this.memoryBytes = gib * GIB;
        return this;
    }

    public TestMachines memoryBytes(long bytes) {
        this.memoryBytes = bytes;
        return this;
    }

    /** Replaces the default disk with none; add disks with {@link #disk}. */
    public TestMachines noDisks() {
        defaultDisk = false;
        return this;
    }

    /** Adds a disk of {@code gib} GiB on {@code controller} at bus:unit, readable over HTTP. */
    public TestMachines disk(Disk.Controller controller, int bus, int unit, long gib, boolean boot) {
        return diskBytes(controller, bus, unit, gib * GIB, boot);
    }

    public TestMachines diskBytes(Disk.Controller controller, int bus, int unit, long bytes, boolean boot) {
        defaultDisk = false;
        int index = disks.size();
        disks.add(new Disk(String.valueOf(2000 + index), "Hard disk " + (index + 1), bytes, controller, bus, unit, boot,
                "[datastore1] " + name + "/" + name + "_" + index + ".vmdk", true, DiskMode.PERSISTENT, "sharingNone",
                false, content(index)));
        return this;
    }

    /** Adds a disk as given. */
    public TestMachines disk(Disk disk) {
        defaultDisk = false;
        disks.add(disk);
        return this;
    }

    /** Replaces the default adapter with none. */
    public TestMachines noNics() {
        defaultNic = false;
        return this;
    }

    public TestMachines nic(Nic.AdapterType type, boolean pxeBoot) {
        return nic(type, pxeBoot, true);
    }

    public TestMachines nic(Nic.AdapterType type, boolean pxeBoot, boolean connected) {
        defaultNic = false;
        int index = nics.size();
        nics.add(new Nic("Network adapter " + (index + 1), type, String.format("00:50:56:00:00:%02x", index),
                "VM Network", connected, pxeBoot));
        return this;
    }

    public TestMachines snapshots(int count) {
        for (int index = 0; index < count; index++) {
            snapshots.add(new Snapshot("snap" + index, Instant.parse("2026-01-01T00:00:00Z")));
        }
        return this;
    }

    public TestMachines changedBlockTracking(Boolean on) {
        this.changedBlockTracking = on;
        return this;
    }

    public TestMachines ips(List<String> ips) {
        this.ips = ips;
        return this;
    }

    public TestMachines hostName(String hostName) {
        this.hostName = hostName;
        return this;
    }

    public TestMachines devices(SpecialDevices devices) {
        this.devices = devices;
        return this;
    }

    public MachineRecord build() {
        List<Disk> allDisks = new ArrayList<>(disks);
        if (defaultDisk) {
            allDisks.add(new Disk("2000", "Hard disk 1", 40 * GIB, Disk.Controller.SCSI, 0, 0, true,
                    "[datastore1] " + name + "/" + name + ".vmdk", true, DiskMode.PERSISTENT, "sharingNone", false,
                    content(0)));
        }
        List<Nic> allNics = new ArrayList<>(nics);
        if (defaultNic) {
            allNics.add(new Nic("Network adapter 1", Nic.AdapterType.VMXNET3, "00:50:56:00:00:01", "VM Network", true,
                    false));
        }
        return new MachineRecord(id, sourceId, sourceKind, null, name, powerState, guest, firmware,
                new Cpu(cpus, cpus, 1), memoryBytes, allDisks, allNics, snapshots, changedBlockTracking, null, "toolsOk",
                ips, hostName, devices, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
    }

    private DiskContent content(int index) {
        return new DiskContent(DiskContent.Kind.HTTP, "https://vcenter.example.test/folder/" + name + "/" + name + "_"
                + index + ".vmdk?dcPath=DC0&dsName=datastore1", null, "vmdk", sourceId);
    }
}
