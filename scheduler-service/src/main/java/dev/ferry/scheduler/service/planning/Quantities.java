package dev.ferry.scheduler.service.planning;

import java.util.Locale;

import dev.ferry.scheduler.service.profile.TargetProfile;

/** Writes an amount of a dimension the way people read it: "12 virtual processors", "96.0 GiB of memory". */
final class Quantities {

    private Quantities() {
    }

    static String describe(Dimension dimension, long amount) {
        return switch (dimension) {
            case RUNNING_VMS -> amount + " running VMs";
            case VIRTUAL_PROCESSORS -> amount + " virtual processors";
            case MEMORY -> gib(amount) + " of memory";
            case STORAGE -> gib(amount) + " of storage";
        };
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f GiB", bytes / (double) TargetProfile.GIB);
    }
}
