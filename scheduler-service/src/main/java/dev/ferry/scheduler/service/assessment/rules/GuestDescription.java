package dev.ferry.scheduler.service.assessment.rules;

import java.util.Locale;

import dev.ferry.events.machine.GuestOs;
import dev.ferry.events.machine.OsFamily;

/** How findings name a machine's guest system, and what can be told about it from the source's id. */
final class GuestDescription {

    private GuestDescription() {
    }

    /** Whether the source said anything about the guest system. */
    static boolean known(GuestOs guest) {
        return guest != null && (guest.id() != null && !guest.id().isBlank()
                || guest.family() != null && guest.family() != OsFamily.UNKNOWN);
    }

    /** "Microsoft Windows Server 2019 (64-bit)", or the id, or the family. */
    static String name(GuestOs guest) {
        if (guest == null) {
            return "an unknown guest";
        }
        if (guest.fullName() != null && !guest.fullName().isBlank()) {
            return guest.fullName();
        }
        return guest.id() != null ? guest.id() : String.valueOf(guest.family());
    }

    /**
     * Whether the guest is 32-bit: as the source says, or else from a vSphere guest id (64-bit ids contain "64", as in
     * "windows7Server64Guest" and "rhel7_64Guest").
     */
    static boolean thirtyTwoBit(GuestOs guest) {
        if (guest == null) {
            return false;
        }
        if (guest.bits() != 0) {
            return guest.bits() == 32;
        }
        String id = guest.id() == null ? "" : guest.id().toLowerCase(Locale.ROOT);
        return id.endsWith("guest") && !id.contains("64");
    }
}
