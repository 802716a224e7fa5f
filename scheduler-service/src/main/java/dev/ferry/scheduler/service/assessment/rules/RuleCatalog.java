package dev.ferry.scheduler.service.assessment.rules;

import java.util.List;

/**
 * Every assessment rule, in the order they run: naming and guest checks first, then firmware, processors and
 * memory, disks (sizes and formats before controller placement), network adapters, and last the checks that only
 * report. A rule sees the plan as the rules before it left it.
 */
public final class RuleCatalog {

    private static final List<Rule> RULES = List.of();

    private RuleCatalog() {
    }

    /** The rules in the order they run. */
    public static List<Rule> rules() {
        return RULES;
    }
}
