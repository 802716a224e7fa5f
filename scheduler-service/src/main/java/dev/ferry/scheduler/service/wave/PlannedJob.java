package dev.ferry.scheduler.service.wave;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.conversion.TargetLocation;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.Readiness;

/**
 * One machine of a wave's plan: its verdict, where it runs and goes, and what conversion makes of it.
 *
 * @param position dispatch order within the wave, from 0
 * @param jobId the job made for it, or null in a dry run
 * @param machineId the machine
 * @param machineName its name
 * @param readiness whether it can be converted
 * @param findings what assessment found
 * @param sourceHost the source host it runs on, or null when its record does not say
 * @param datastores the source datastores its files live on
 * @param targetHost the target host it is placed on, or null when the wave names no target hosts
 * @param target the folder its converted disks and definition are written to
 * @param plan what conversion makes of it
 * @param refusal why it cannot be converted (blockers, or no target host fits it), or null when it can
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlannedJob(int position, UUID jobId, String machineId, String machineName, Readiness readiness,
        List<Finding> findings, String sourceHost, List<String> datastores, String targetHost, TargetLocation target,
        ConversionPlan plan, List<String> refusal) {

    /** Whether the machine is converted. */
    public boolean convertible() {
        return refusal == null || refusal.isEmpty();
    }

    /** This machine's plan with the job made for it. */
    public PlannedJob withJob(UUID id) {
        return new PlannedJob(position, id, machineId, machineName, readiness, findings, sourceHost, datastores,
                targetHost, target, plan, refusal);
    }
}
