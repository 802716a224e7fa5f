package dev.ferry.scheduler.service.assessment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stored assessment as the API shows it.
 *
 * @param id the assessment's id
 * @param profileId the target profile assessed against
 * @param profileName what people call that profile
 * @param selection which machines were selected
 * @param runs how often it ran (1 when created, one more per re-run)
 * @param createdAt when it was created
 * @param assessedAt when it last ran
 * @param summary counts per readiness and rule
 * @param machines the verdict per machine, sorted by name (absent in lists)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssessmentReport(UUID id, String profileId, String profileName, MachineSelection selection, int runs,
        Instant createdAt, Instant assessedAt, AssessmentSummary summary, List<MachineAssessment> machines) {
}
