package dev.ferry.cli.command;

import java.util.List;
import java.util.Locale;

import dev.ferry.cli.UsageException;

/**
 * The wave and job states the scheduler's API filters on, checked here so that a typo is a usage error rather than an
 * empty list.
 */
final class States {

    static final List<String> WAVE = List.of("PLANNED", "SCHEDULED", "RUNNING", "PAUSED", "COMPLETED",
            "COMPLETED_WITH_FAILURES", "CANCELLED");
    static final List<String> JOB = List.of("PENDING", "BLOCKED", "QUEUED", "DISPATCHED", "CONVERTING",
            "VERIFYING", "COMPLETED", "FAILED", "CANCELLING", "CANCELLED");

    private States() {
    }

    static String wave(String state) {
        return checked(state, WAVE, "wave");
    }

    static String job(String state) {
        return checked(state, JOB, "job");
    }

    private static String checked(String state, List<String> known, String what) {
        if (state == null) {
            return null;
        }
        String upper = state.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (!known.contains(upper)) {
            throw new UsageException("'" + state + "' is not a " + what + " state: " + String.join(", ", known));
        }
        return upper;
    }
}
