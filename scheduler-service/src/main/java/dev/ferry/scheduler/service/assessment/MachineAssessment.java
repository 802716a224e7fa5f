package dev.ferry.scheduler.service.assessment;

import java.util.List;

import dev.ferry.events.plan.ConversionPlan;

/**
 * The verdict on one machine for one target profile.
 *
 * @param machineId the machine
 * @param name the machine's name in its source
 * @param readiness whether it can be converted
 * @param findings what the rules found, in catalogue order
 * @param plan what conversion will make of it, remediations applied; present even when the machine is not ready, so
 *        people can see what would happen once the blockers are gone, but never dispatched in that state
 */
public record MachineAssessment(String machineId, String name, Readiness readiness, List<Finding> findings,
        ConversionPlan plan) {

    public MachineAssessment {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** Whether a wave may convert the machine as planned. */
    public boolean convertible() {
        return readiness != Readiness.NOT_READY;
    }
}
