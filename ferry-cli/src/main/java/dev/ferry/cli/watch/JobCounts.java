package dev.ferry.cli.watch;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** A wave's jobs per state in words: "1 converting, 2 queued, 3 completed". */
public final class JobCounts {

    /** Job states in the order a job goes through them. */
    private static final List<String> JOB_STATES = List.of("PENDING", "QUEUED", "DISPATCHED", "CONVERTING",
            "VERIFYING", "COMPLETED", "FAILED", "CANCELLING", "CANCELLED", "BLOCKED");

    private JobCounts() {
    }

    /** The counts in the order jobs go through the states, states without jobs left out; "none" for no jobs. */
    public static String describe(Map<String, Long> byState) {
        StringJoiner text = new StringJoiner(", ");
        byState.entrySet().stream().filter(entry -> entry.getValue() > 0)
                .sorted(Comparator.comparingInt((Map.Entry<String, Long> entry) -> order(entry.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> text.add(entry.getValue() + " " + entry.getKey().toLowerCase(Locale.ROOT)));
        return text.length() == 0 ? "none" : text.toString();
    }

    private static int order(String state) {
        int index = JOB_STATES.indexOf(state);
        return index < 0 ? JOB_STATES.size() : index;
    }
}
