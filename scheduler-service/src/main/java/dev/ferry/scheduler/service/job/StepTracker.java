package dev.ferry.scheduler.service.job;

import java.time.Instant;
import java.util.List;

import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.scheduler.model.JobStep;

/**
 * Moves a job's itinerary along as its worker reports phases. Every operation only moves steps forward and is
 * idempotent: a report applied twice, or an older report after a newer one, changes nothing.
 */
public final class StepTracker {

    private StepTracker() {
    }

    /**
     * The worker reached {@code phase} for disk {@code diskKey} (or the whole job when null): the steps it concerns
     * that come before that phase are done, the one of that phase runs.
     */
    public static void reached(List<JobStep> steps, String diskKey, Phase phase, Instant at) {
        if (phase == null || phase == Phase.UNKNOWN) {
            return;
        }
        for (JobStep step : steps) {
            // A disk's report concerns its own steps and the job's steps before any disk's (validation), never the
            // definition, which is written once every disk is done.
            boolean concerns = diskKey == null || diskKey.equals(step.diskKey)
                    || step.diskKey == null && step.kind.phase().compareTo(Phase.CONVERTING) < 0;
            if (!concerns) {
                continue;
            }
            int order = Integer.compare(step.kind.phase().ordinal(), phase.ordinal());
            if (order < 0) {
                done(step, at);
            } else if (order == 0 && (diskKey == null || step.kind.perDisk())) {
                running(step, at);
            }
        }
    }

    /** Every step is done. */
    public static void completed(List<JobStep> steps, Instant at) {
        steps.forEach(step -> done(step, at));
    }

    /** The attempt ended without finishing: running steps failed with {@code message}. */
    public static void failed(List<JobStep> steps, String message, Instant at) {
        for (JobStep step : steps) {
            if (step.status == StepStatus.RUNNING) {
                step.status = StepStatus.FAILED;
                step.endedAt = at;
                step.message = message;
            }
        }
    }

    /** A new attempt starts: steps not done are to run again; done ones stay done (the worker resumes after them). */
    public static void newAttempt(List<JobStep> steps) {
        for (JobStep step : steps) {
            if (step.status != StepStatus.DONE) {
                step.status = StepStatus.PENDING;
                step.startedAt = null;
                step.endedAt = null;
                step.message = null;
            }
        }
    }

    /** Whether every disk's conversion step is done (the job verifies or writes its definition now). */
    public static boolean disksConverted(List<JobStep> steps) {
        return steps.stream().filter(step -> step.kind == StepKind.CONVERT_DISK)
                .allMatch(step -> step.status == StepStatus.DONE);
    }

    private static void running(JobStep step, Instant at) {
        if (step.status == StepStatus.PENDING || step.status == StepStatus.FAILED) {
            step.status = StepStatus.RUNNING;
            step.startedAt = at;
            step.endedAt = null;
            step.message = null;
        }
    }

    private static void done(JobStep step, Instant at) {
        if (step.status != StepStatus.DONE) {
            step.status = StepStatus.DONE;
            if (step.startedAt == null) {
                step.startedAt = at;
            }
            step.endedAt = at;
            step.message = null;
        }
    }
}
