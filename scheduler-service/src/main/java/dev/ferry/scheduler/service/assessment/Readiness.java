package dev.ferry.scheduler.service.assessment;

import java.util.Collection;

/** Whether a machine can be converted for a target profile, from the worst of its findings. */
public enum Readiness {
    /** Nothing but information findings: convert as planned. */
    READY,
    /** Warnings only: the plan works around them; a person should read them before converting. */
    READY_WITH_CONDITIONS,
    /** At least one blocker: the machine is not converted until it is fixed or another profile is chosen. */
    NOT_READY;

    /** The readiness that {@code findings} leave a machine in. */
    public static Readiness of(Collection<Finding> findings) {
        Readiness readiness = READY;
        for (Finding finding : findings) {
            if (finding.severity() == Severity.BLOCKER) {
                return NOT_READY;
            }
            if (finding.severity() == Severity.WARNING) {
                readiness = READY_WITH_CONDITIONS;
            }
        }
        return readiness;
    }
}
