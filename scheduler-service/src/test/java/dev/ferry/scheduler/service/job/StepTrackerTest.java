package dev.ferry.scheduler.service.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.scheduler.model.JobStep;

class StepTrackerTest {

    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = T1.plusSeconds(10);

    @Test
    void itineraryHasEachDisksStepsBetweenValidationAndTheDefinition() {
        assertThat(Itinerary.of(plan("a", "b"), true)).extracting(step -> step.kind() + ":" + step.diskKey())
                .containsExactly("VALIDATE:null", "CONVERT_DISK:a", "CONVERT_DISK:b", "VERIFY_DISK:a",
                        "VERIFY_DISK:b", "WRITE_DEFINITION:null");
        assertThat(Itinerary.of(plan("a"), false)).extracting(Itinerary.PlannedStep::kind)
                .doesNotContain(StepKind.VERIFY_DISK);
    }

    @Test
    void aDisksPhaseFinishesWhatCameBeforeItAndStartsItsOwnStep() {
        List<JobStep> steps = steps("a", "b");

        StepTracker.reached(steps, "a", Phase.VERIFYING, T1);

        assertThat(statuses(steps)).containsExactly(StepStatus.DONE, StepStatus.DONE, StepStatus.PENDING,
                StepStatus.RUNNING, StepStatus.PENDING, StepStatus.PENDING);
        assertThat(StepTracker.disksConverted(steps)).isFalse();
        StepTracker.reached(steps, "b", Phase.VERIFYING, T1);
        assertThat(StepTracker.disksConverted(steps)).isTrue();
    }

    @Test
    void aVerifiedDiskFinishesItsOwnStepsButNotTheDefinition() {
        List<JobStep> steps = steps("a", "b");

        StepTracker.reached(steps, "a", Phase.DONE, T1);

        assertThat(statuses(steps)).containsExactly(StepStatus.DONE, StepStatus.DONE, StepStatus.PENDING,
                StepStatus.DONE, StepStatus.PENDING, StepStatus.PENDING);
        StepTracker.reached(steps, "b", Phase.VERIFYING, T2);
        StepTracker.reached(steps, null, Phase.WRITING_DEFINITION, T2);
        assertThat(statuses(steps)).containsExactly(StepStatus.DONE, StepStatus.DONE, StepStatus.DONE,
                StepStatus.DONE, StepStatus.DONE, StepStatus.RUNNING);
    }

    @Test
    void reportsAppliedTwiceOrOutOfOrderNeverMoveAStepBack() {
        List<JobStep> steps = steps("a");
        StepTracker.reached(steps, "a", Phase.CONVERTING, T1);
        StepTracker.reached(steps, "a", Phase.VERIFYING, T2);
        List<StepStatus> after = statuses(steps);

        StepTracker.reached(steps, "a", Phase.VERIFYING, T2);
        StepTracker.reached(steps, "a", Phase.CONVERTING, T1.plusSeconds(1));
        StepTracker.reached(steps, null, Phase.UNKNOWN, T2);

        assertThat(statuses(steps)).isEqualTo(after);
        assertThat(steps.get(1).endedAt).isEqualTo(T2);
    }

    @Test
    void aNewAttemptRunsAgainWhatWasNotDoneAndKeepsWhatWas() {
        List<JobStep> steps = steps("a", "b");
        StepTracker.reached(steps, "a", Phase.VERIFYING, T1);
        StepTracker.reached(steps, "b", Phase.CONVERTING, T1);
        StepTracker.failed(steps, "source went away", T2);
        assertThat(steps.get(2).status).isEqualTo(StepStatus.FAILED);
        assertThat(steps.get(2).message).isEqualTo("source went away");

        StepTracker.newAttempt(steps);

        assertThat(statuses(steps)).containsExactly(StepStatus.DONE, StepStatus.DONE, StepStatus.PENDING,
                StepStatus.PENDING, StepStatus.PENDING, StepStatus.PENDING);
        StepTracker.completed(steps, T2);
        assertThat(statuses(steps)).containsOnly(StepStatus.DONE);
    }

    private static List<StepStatus> statuses(List<JobStep> steps) {
        return steps.stream().map(step -> step.status).toList();
    }

    private static List<JobStep> steps(String... disks) {
        List<JobStep> steps = new ArrayList<>();
        for (Itinerary.PlannedStep planned : Itinerary.of(plan(disks), true)) {
            JobStep step = new JobStep();
            step.kind = planned.kind();
            step.diskKey = planned.diskKey();
            step.status = StepStatus.PENDING;
            steps.add(step);
        }
        return steps;
    }

    private static ConversionPlan plan(String... disks) {
        List<DiskPlan> plans = new ArrayList<>();
        for (String disk : disks) {
            plans.add(new DiskPlan(disk, disk, 1L << 30, null, "vhdx", null, disk + ".vhdx", null, plans.isEmpty()));
        }
        return new ConversionPlan("m", "m", "kvm", null, 0, null, false, 1, 1L << 30, plans, List.of(), List.of());
    }
}
