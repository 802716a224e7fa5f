package dev.ferry.inventory.service.discovery;

import java.util.List;
import java.util.Locale;

import dev.ferry.events.machine.GuestOs;
import dev.ferry.events.machine.OsFamily;

/**
 * Turns what a source says about a guest (vSphere guestId and full name, an RVTools OS column, an OVF osType, an
 * os-release ID) into a {@link GuestOs} with a family and word size, the same way for every source.
 */
public final class GuestOsClassifier {

    private static final List<String> LINUX = List.of("linux", "rhel", "red hat", "centos", "ubuntu", "debian",
            "sles", "suse", "oracle", "rocky", "alma", "fedora", "coreos", "photon", "asianux", "amazon", "mandrake",
            "mandriva", "turbolinux", "vmware photon", "opensuse", "gentoo", "arch");
    private static final List<String> OTHER = List.of("freebsd", "solaris", "netware", "darwin", "os2", "dos",
            "sco", "unix", "openserver", "unixware", "ecomstation", "vmkernel", "other", "netbsd", "openbsd");

    private GuestOsClassifier() {
    }

    /**
     * @param id the source's identifier, or null
     * @param fullName a human-readable name, or null
     * @param familyHint the source's own family word ("windowsGuest", "linuxGuest"), or null
     */
    public static GuestOs classify(String id, String fullName, String familyHint) {
        if (blank(id) && blank(fullName) && blank(familyHint)) {
            return GuestOs.UNKNOWN;
        }
        return new GuestOs(blank(id) ? null : id, blank(fullName) ? null : fullName,
                family(id, fullName, familyHint), bits(id, fullName));
    }

    private static OsFamily family(String id, String fullName, String hint) {
        for (String text : new String[] { hint, id, fullName }) {
            if (blank(text)) {
                continue;
            }
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.startsWith("win") || lower.contains("windows") || lower.startsWith("microsoft")) {
                return OsFamily.WINDOWS;
            }
            if (LINUX.stream().anyMatch(lower::contains)) {
                return OsFamily.LINUX;
            }
            if (OTHER.stream().anyMatch(lower::contains)) {
                return OsFamily.OTHER;
            }
        }
        return OsFamily.UNKNOWN;
    }

    private static int bits(String id, String fullName) {
        String text = ((id == null ? "" : id) + " " + (fullName == null ? "" : fullName)).toLowerCase(Locale.ROOT);
        if (text.contains("64-bit") || text.contains("64guest") || text.contains("_64") || text.contains("x86_64")
                || text.contains("amd64") || text.contains("64 bit")) {
            return 64;
        }
        if (text.contains("32-bit") || text.contains("32 bit")) {
            return 32;
        }
        return 0;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
