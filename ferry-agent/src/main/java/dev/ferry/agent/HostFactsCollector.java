package dev.ferry.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects a Linux host's facts: identity, firmware, OS, processors, memory, disks and network interfaces. */
final class HostFactsCollector {

    static final String VERSION = "0.1.0";

    private HostFactsCollector() {
    }

    static HostFacts collect(SystemFiles files, String nbdBase, Map<String, String> nbdByDisk) {
        List<HostFacts.NetworkInterface> nics = NetworkInterfaces.list(files);
        Set<String> ips = new LinkedHashSet<>();
        nics.forEach(nic -> nic.addresses().forEach(address -> ips.add(address.substring(0, address.indexOf('/')))));
        Map<String, String> release = osRelease(files);
        boolean efi = files.exists("sys/firmware/efi");
        return new HostFacts(hostName(files), blankToNull(files.read("sys/class/dmi/id/product_uuid")),
                blankToNull(files.read("etc/machine-id")), blankToNull(files.read("sys/class/dmi/id/sys_vendor")),
                blankToNull(files.read("sys/class/dmi/id/product_name")), efi ? "EFI" : "BIOS",
                efi ? secureBoot(files) : Boolean.FALSE,
                new HostFacts.Os(release.get("ID"), release.getOrDefault("PRETTY_NAME", release.get("NAME")),
                        release.get("VERSION_ID"), System.getProperty("os.arch")),
                ProcessorFacts.cpu(files), ProcessorFacts.memoryBytes(files),
                BlockDevices.list(files, nbdBase, nbdByDisk), nics, List.copyOf(ips), VERSION);
    }

    private static String hostName(SystemFiles files) {
        String name = files.read("proc/sys/kernel/hostname");
        if (name == null) {
            name = files.read("etc/hostname");
        }
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "unknown";
            }
        }
        return name;
    }

    /** /etc/os-release as a map (quotes removed). */
    static Map<String, String> osRelease(SystemFiles files) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = files.lines("etc/os-release");
        if (lines.isEmpty()) {
            lines = files.lines("usr/lib/os-release");
        }
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (equals > 0 && !line.startsWith("#")) {
                String value = line.substring(equals + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, equals).strip(), value);
            }
        }
        return values;
    }

    /** The SecureBoot EFI variable: its last byte is 1 when secure boot is on. */
    private static Boolean secureBoot(SystemFiles files) {
        for (String name : files.list("sys/firmware/efi/efivars")) {
            if (name.startsWith("SecureBoot-")) {
                try {
                    byte[] value = java.nio.file.Files.readAllBytes(files.path("sys/firmware/efi/efivars/" + name));
                    return value.length > 0 && value[value.length - 1] == 1;
                } catch (java.io.IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
