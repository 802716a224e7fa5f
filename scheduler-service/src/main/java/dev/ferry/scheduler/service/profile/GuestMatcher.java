package dev.ferry.scheduler.service.profile;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ferry.events.machine.GuestOs;
import dev.ferry.events.machine.OsFamily;

/** Finds the entry of a profile's guest list that describes a machine's guest system. */
public final class GuestMatcher {

    // Profiles are few and their patterns fixed, so compiled patterns are kept for the life of the process.
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private GuestMatcher() {
    }

    /** The first entry of {@code profile} that matches {@code guest}, or empty when none does. */
    public static Optional<GuestSupport> match(TargetProfile profile, GuestOs guest) {
        GuestOs os = guest == null ? GuestOs.UNKNOWN : guest;
        for (GuestSupport entry : profile.guests()) {
            if (matches(entry, os)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** Compiles a guest pattern the way matching uses it; throws PatternSyntaxException when it is not valid. */
    public static Pattern compile(String pattern) {
        return COMPILED.computeIfAbsent(pattern, p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE));
    }

    static boolean matches(GuestSupport entry, GuestOs os) {
        if (entry.pattern() == null) {
            return entry.family() != null && entry.family() == family(os);
        }
        if (os.id() == null) {
            return false;
        }
        Matcher matcher = compile(entry.pattern()).matcher(os.id().trim());
        if (!matcher.matches()) {
            return false;
        }
        if (entry.minVersion() == null) {
            return true;
        }
        String version = group(matcher, "version");
        return version != null && !version.isEmpty() && Integer.parseInt(version) >= entry.minVersion();
    }

    private static OsFamily family(GuestOs os) {
        if (os.family() != null && os.family() != OsFamily.UNKNOWN) {
            return os.family();
        }
        // Sources that report only a guest id: vSphere ids start with "win" for every Windows release.
        return os.id() != null && os.id().toLowerCase(Locale.ROOT).startsWith("win") ? OsFamily.WINDOWS
                : OsFamily.UNKNOWN;
    }

    private static String group(Matcher matcher, String name) {
        try {
            return matcher.group(name);
        } catch (IllegalArgumentException noSuchGroup) {
            return null;
        }
    }
}
