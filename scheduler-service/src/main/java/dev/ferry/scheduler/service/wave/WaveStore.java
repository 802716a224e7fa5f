package dev.ferry.scheduler.service.wave;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.events.plan.DiskPlan;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.JobDisk;
import dev.ferry.scheduler.model.JobStep;
import dev.ferry.scheduler.model.JsonColumns;
import dev.ferry.scheduler.model.MachineVerdict;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.job.Itinerary;
import dev.ferry.scheduler.service.job.JobState;
import dev.ferry.scheduler.service.job.JobTransitions;
import dev.ferry.scheduler.service.job.StepStatus;

/**
 * Stores an accepted wave plan: the wave, a job per machine with its itinerary and disks, and their first states. A
 * wave that starts at once has its jobs queued from the start; machines refused are stored as BLOCKED jobs.
 */
@ApplicationScoped
public class WaveStore {

    @Inject
    WaveTransitions waves;

    @Inject
    JobTransitions jobs;

    @Transactional(Transactional.TxType.MANDATORY)
    public WavePlan store(WavePlan plan, boolean skipBlocked, boolean hold, String actor) {
        Instant now = Instant.now();
        Wave wave = new Wave();
        wave.id = UUID.randomUUID();
        wave.name = plan.name();
        wave.profileId = plan.profileId();
        wave.storageRoot = plan.target().storageRoot();
        wave.folder = plan.target().folder();
        if (plan.window() != null) {
            wave.notBefore = plan.window().notBefore();
            wave.notAfter = plan.window().notAfter();
        }
        wave.limitJobs = plan.limits().jobsInFlight();
        wave.limitSourceHost = plan.limits().perSourceHost();
        wave.limitDatastore = plan.limits().perDatastore();
        wave.limitTargetHost = plan.limits().perTargetHost();
        wave.retryAttempts = plan.retry().attempts();
        wave.retryBackoffMillis = plan.retry().backoff().toMillis();
        wave.retryMaxBackoffMillis = plan.retry().maxBackoff().toMillis();
        wave.skipBlocked = skipBlocked;
        wave.placement = plan.placement() == null ? null : JsonColumns.write(plan.placement());
        wave.assessmentSummary = JsonColumns.write(plan.assessment());
        wave.createdAt = now;
        WaveState initial = hold ? WaveState.PLANNED : WaveLifecycle.startState(wave, now);
        waves.created(wave, initial, "submitted by " + actor + switch (initial) {
            case PLANNED -> "; held until started";
            case SCHEDULED -> "; waits for its window to open at " + wave.notBefore;
            default -> "";
        }, now);

        JobState queued = initial == WaveState.RUNNING ? JobState.QUEUED : JobState.PENDING;
        List<JobTransitions.FirstState> created = new ArrayList<>(plan.jobs().size());
        List<PlannedJob> stored = new ArrayList<>(plan.jobs().size());
        for (PlannedJob planned : plan.jobs()) {
            Job job = job(wave, planned, now);
            created.add(planned.convertible()
                    ? new JobTransitions.FirstState(job, queued, queued == JobState.QUEUED ? "submitted; the wave runs"
                            : "submitted")
                    : new JobTransitions.FirstState(job, JobState.BLOCKED, "skipped: "
                            + String.join("; ", planned.refusal())));
            stored.add(planned.withJob(job.id));
        }
        jobs.created(created, now);
        // Rows of one kind after another, so that Hibernate sends each kind in batches.
        for (int index = 0; index < stored.size(); index++) {
            storeSteps(created.get(index).job(), stored.get(index));
        }
        for (int index = 0; index < stored.size(); index++) {
            storeDisks(created.get(index).job(), stored.get(index));
        }
        return plan.stored(wave.id, initial, stored);
    }

    private static Job job(Wave wave, PlannedJob planned, Instant now) {
        Job job = new Job();
        job.id = UUID.randomUUID();
        job.waveId = wave.id;
        job.position = planned.position();
        job.machineId = UUID.fromString(planned.machineId());
        job.machineName = planned.machineName() == null ? "" : planned.machineName();
        job.sourceHost = planned.sourceHost();
        job.datastores = JsonColumns.write(planned.datastores());
        job.targetHost = planned.targetHost();
        job.storageRoot = planned.target().storageRoot();
        job.folder = planned.target().folder();
        job.verdict = MachineVerdict.of(planned.readiness(), planned.findings(), planned.plan());
        job.bytesTotal = planned.plan().totalDiskBytes();
        job.createdAt = now;
        return job;
    }

    private static void storeSteps(Job job, PlannedJob planned) {
        List<Itinerary.PlannedStep> steps = Itinerary.of(planned.plan(), true);
        for (int position = 0; position < steps.size(); position++) {
            JobStep step = new JobStep();
            step.jobId = job.id;
            step.position = position;
            step.kind = steps.get(position).kind();
            step.diskKey = steps.get(position).diskKey();
            step.status = StepStatus.PENDING;
            step.persist();
        }
    }

    private static void storeDisks(Job job, PlannedJob planned) {
        List<DiskPlan> disks = planned.plan().disks();
        for (int position = 0; position < disks.size(); position++) {
            DiskPlan plan = disks.get(position);
            JobDisk disk = new JobDisk();
            disk.jobId = job.id;
            disk.diskKey = plan.diskKey() != null ? plan.diskKey() : "disk" + position;
            disk.position = position;
            disk.label = plan.label();
            disk.fileName = plan.fileName();
            disk.targetFormat = plan.targetFormat();
            disk.bytesTotal = Math.max(0, plan.capacityBytes());
            disk.persist();
        }
    }
}
