package dev.ferry.scheduler.service.assessment;

/** How much a finding stands in the way of converting a machine. */
public enum Severity {
    /** Something worth knowing; conversion goes ahead unchanged or with a routine change. */
    INFO,
    /** Conversion goes ahead, but changes something a person should agree to, or the result needs a check. */
    WARNING,
    /** The machine cannot be converted for this target until the cause is removed. */
    BLOCKER
}
