package dev.ferry.inventory.service.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.ferry.events.machine.Disk;

/**
 * Puts a machine's disks in controller order (IDE, SCSI, SATA, NVMe as vSphere numbers its controllers; then bus and
 * unit) and marks the boot disk: the one the source names, else the first disk on the lowest controller.
 */
public final class DiskOrder {

    private static final Comparator<Disk> CONTROLLER_ORDER = Comparator
            .comparingInt((Disk disk) -> rank(disk.controller()))
            .thenComparingInt(Disk::bus)
            .thenComparingInt(Disk::unit);

    private DiskOrder() {
    }

    /**
     * The disks sorted, with exactly one marked as boot disk (none when there are no disks).
     *
     * @param bootKey the key of the disk the source says the machine boots from, or null
     */
    public static List<Disk> withBootDisk(List<Disk> disks, String bootKey) {
        List<Disk> sorted = new ArrayList<>(disks);
        sorted.sort(CONTROLLER_ORDER);
        int boot = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (bootKey != null && bootKey.equals(sorted.get(i).key())) {
                boot = i;
                break;
            }
        }
        List<Disk> marked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Disk d = sorted.get(i);
            marked.add(new Disk(d.key(), d.label(), d.capacityBytes(), d.controller(), d.bus(), d.unit(), i == boot,
                    d.backing(), d.thin(), d.mode(), d.sharing(), d.rdm(), d.content()));
        }
        return marked;
    }

    private static int rank(Disk.Controller controller) {
        return switch (controller == null ? Disk.Controller.UNKNOWN : controller) {
            case IDE -> 0;
            case SCSI -> 1;
            case SATA -> 2;
            case NVME -> 3;
            case UNKNOWN -> 4;
        };
    }
}
