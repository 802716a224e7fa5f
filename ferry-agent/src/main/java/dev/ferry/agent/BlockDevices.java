package dev.ferry.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whole disks from /sys/block (loop, ram, zram, device-mapper and optical devices left out), with the one holding
 * the root file system marked as the boot disk.
 */
final class BlockDevices {

    private static final List<String> SKIPPED = List.of("loop", "ram", "zram", "dm-", "sr", "fd", "md", "nbd");

    private BlockDevices() {
    }

    /**
     * @param nbdBase where disks are exported ("nbd://host:10809/"), the disk name appended; or null
     * @param nbdByDisk per-disk export URIs, which win over {@code nbdBase}
     */
    static List<HostFacts.BlockDevice> list(SystemFiles files, String nbdBase, Map<String, String> nbdByDisk) {
        String boot = rootDisk(files);
        List<HostFacts.BlockDevice> disks = new ArrayList<>();
        for (String name : files.list("sys/block")) {
            if (SKIPPED.stream().anyMatch(name::startsWith)) {
                continue;
            }
            String base = "sys/block/" + name + "/";
            List<String> partitions = files.list("sys/block/" + name).stream()
                    .filter(child -> files.exists(base + child + "/partition")).toList();
            String nbd = nbdByDisk.containsKey(name) ? nbdByDisk.get(name)
                    : nbdBase == null ? null : (nbdBase.endsWith("/") ? nbdBase : nbdBase + "/") + name;
            String serial = files.read(base + "serial") != null ? files.read(base + "serial")
                    : files.read(base + "device/serial");
            disks.add(new HostFacts.BlockDevice(name, files.number(base + "size", 0) * 512,
                    files.number(base + "queue/rotational", 0) == 1, files.number(base + "removable", 0) == 1,
                    transport(files.realPath("sys/block/" + name)), blankToNull(files.read(base + "device/model")),
                    blankToNull(serial), partitions, name.equals(boot), nbd));
        }
        return disks;
    }

    private static String transport(String devicePath) {
        if (devicePath.contains("/nvme")) {
            return "nvme";
        }
        if (devicePath.contains("/usb")) {
            return "usb";
        }
        if (devicePath.contains("/ata")) {
            return "sata";
        }
        if (devicePath.contains("/virtio")) {
            return "virtio";
        }
        return devicePath.contains("/host") && devicePath.contains("/target") ? "scsi" : null;
    }

    /** The disk under the root file system: its partition's parent, through device-mapper slaves if need be. */
    static String rootDisk(SystemFiles files) {
        String device = null;
        for (String line : files.lines("proc/self/mountinfo")) {
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (fields.length > 4 && "/".equals(fields[4]) && separator > 0 && separator + 2 < fields.length) {
                device = fields[separator + 2];
            }
        }
        if (device == null || !device.startsWith("/dev/")) {
            return null;
        }
        return diskOf(files, device.substring(5).replace("mapper/", ""), 0);
    }

    private static String diskOf(SystemFiles files, String name, int depth) {
        if (depth > 8) {
            return null;
        }
        if (files.exists("sys/block/" + name)) {
            List<String> slaves = files.list("sys/block/" + name + "/slaves");
            return slaves.isEmpty() ? name : diskOf(files, slaves.get(0), depth + 1);
        }
        if (files.exists("sys/class/block/" + name + "/partition")) {
            String real = files.realPath("sys/class/block/" + name);
            String parent = real.substring(0, Math.max(0, real.lastIndexOf('/')));
            return parent.substring(parent.lastIndexOf('/') + 1);
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
