package dev.ferry.scheduler.service.wave;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.scheduler.service.assessment.AssessmentSummary;
import dev.ferry.scheduler.service.job.RetryPolicy;
import dev.ferry.scheduler.service.planning.Placement;

/**
 * A wave's full plan: the assessment of its machines, their placement on target hosts, each machine's conversion plan
 * in dispatch order, and the machines refused with the reasons. A dry run returns it without storing anything.
 *
 * @param waveId the wave, or null in a dry run
 * @param name what people call the wave
 * @param state the wave's state after submission, or null in a dry run
 * @param dryRun whether nothing was stored
 * @param profileId the target profile
 * @param target the wave's storage root and folder
 * @param window when jobs may start, or null for at once
 * @param limits the limits that apply (the global limit filled in where the wave gives none)
 * @param retry the retry policy that applies
 * @param assessment counts of the assessment
 * @param placement where the machines go on the target hosts, or null when the wave names none
 * @param jobs every machine in dispatch order
 * @param refused the machines that cannot be converted and why (left out as BLOCKED when the wave skips them)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WavePlan(UUID waveId, String name, WaveState state, boolean dryRun, String profileId,
        WaveRequest.Target target, WaveRequest.Window window, WaveRequest.Limits limits, RetryPolicy retry,
        AssessmentSummary assessment, Placement placement, List<PlannedJob> jobs, List<RefusedMachine> refused) {

    /**
     * A machine the wave cannot convert.
     *
     * @param machineId the machine
     * @param name its name
     * @param reasons its blockers, or why no target host fits it
     */
    public record RefusedMachine(String machineId, String name, List<String> reasons) {
    }

    /** The plan as stored: with the wave's id, state and job ids. */
    public WavePlan stored(UUID id, WaveState stateNow, List<PlannedJob> storedJobs) {
        return new WavePlan(id, name, stateNow, false, profileId, target, window, limits, retry, assessment, placement,
                storedJobs, refused);
    }
}
