package dev.ferry.scheduler.service.planning;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored capacity plan.
 *
 * @param id the plan's id
 * @param assessmentId the assessment whose machines were placed
 * @param profileId the target profile whose per-host limits held
 * @param headroomPercent headroom used
 * @param vcpuPerLogicalProcessor vCPU:LP ratio used
 * @param placement hosts needed, the lower bound, per-host utilisation and the machines that fit nowhere
 * @param createdAt when it was made
 */
public record CapacityPlanReport(UUID id, UUID assessmentId, String profileId, double headroomPercent,
        double vcpuPerLogicalProcessor, Placement placement, Instant createdAt) {
}
