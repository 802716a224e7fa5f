package dev.ferry.scheduler.service.job;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;

/**
 * The steps of a job, as data: which kinds of step, in which order, per disk or once, and when a step is part of the
 * job at all. What a worker reports moves the steps along ({@link StepTracker}); the work of each step is the
 * worker's.
 */
public final class Itinerary {

    /** A kind of step and the condition under which a job has it. */
    private record StepDefinition(StepKind kind, Predicate<Conditions> included) {
    }

    /** What the conditions of steps look at. */
    private record Conditions(ConversionPlan plan, boolean verify) {
    }

    private static final List<StepDefinition> STEPS = List.of(
            new StepDefinition(StepKind.VALIDATE, conditions -> true),
            new StepDefinition(StepKind.CONVERT_DISK, conditions -> true),
            new StepDefinition(StepKind.VERIFY_DISK, Conditions::verify),
            new StepDefinition(StepKind.WRITE_DEFINITION, conditions -> true));

    /**
     * One step of a job's itinerary.
     *
     * @param kind what is done
     * @param diskKey the disk it is done to, or null for a step of the whole job
     */
    public record PlannedStep(StepKind kind, String diskKey) {
    }

    private Itinerary() {
    }

    /** The steps converting {@code plan} takes, in order; a disk's steps in the plan's disk order. */
    public static List<PlannedStep> of(ConversionPlan plan, boolean verify) {
        Conditions conditions = new Conditions(plan, verify);
        List<PlannedStep> steps = new ArrayList<>();
        for (StepDefinition step : STEPS) {
            if (!step.included().test(conditions)) {
                continue;
            }
            if (step.kind().perDisk()) {
                for (DiskPlan disk : plan.disks()) {
                    steps.add(new PlannedStep(step.kind(), disk.diskKey()));
                }
            } else {
                steps.add(new PlannedStep(step.kind(), null));
            }
        }
        return steps;
    }
}
