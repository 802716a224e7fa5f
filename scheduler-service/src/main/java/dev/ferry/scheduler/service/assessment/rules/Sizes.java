package dev.ferry.scheduler.service.assessment.rules;

import java.util.Locale;

import dev.ferry.scheduler.service.profile.TargetProfile;

/** Writes byte counts as people read them in findings: "2,100 GiB", "1.5 GiB", "32 MiB". */
final class Sizes {

    private static final long MIB = 1L << 20;

    private Sizes() {
    }

    static String of(long bytes) {
        if (bytes < TargetProfile.GIB) {
            return String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / (double) MIB));
        }
        double gib = bytes / (double) TargetProfile.GIB;
        return gib == Math.rint(gib) ? String.format(Locale.ROOT, "%,d GiB", (long) gib)
                : String.format(Locale.ROOT, "%,.1f GiB", gib);
    }

    static String gib(long gib) {
        return String.format(Locale.ROOT, "%,d GiB", gib);
    }
}
