package dev.ferry.conversion.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.ferry.api.security.Roles;
import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.service.WorkerIdentity;
import dev.ferry.conversion.service.WorkerThrottle;
import dev.ferry.conversion.service.job.DiskProgress;
import dev.ferry.conversion.service.job.RunningJob;
import dev.ferry.conversion.service.job.RunningJobs;

@Path("/api/v1/worker")
@Tag(name = "Worker")
public class WorkerResource {

    @Inject
    WorkerIdentity identity;

    @Inject
    ConversionConfig config;

    @Inject
    RunningJobs running;

    @Inject
    WorkerThrottle throttle;

    /**
     * What this worker is, how much it takes on and what it runs now.
     *
     * @param id worker name
     * @param concurrentJobs jobs converted at once
     * @param concurrentDisks disks of one job converted at once
     * @param freeJobSlots jobs it could start now
     * @param throttleMbPerSecond read limit shared by all its conversions, 0 for none
     * @param jobs the jobs it runs
     */
    public record WorkerStatus(String id, int concurrentJobs, int concurrentDisks, int freeJobSlots,
            double throttleMbPerSecond, List<JobView> jobs) {
    }

    /**
     * A job this worker runs.
     *
     * @param jobId the job
     * @param attempt its attempt
     * @param waveId its wave
     * @param machineName the machine converted
     * @param startedAt when this worker started it
     * @param bytesDone guest bytes done over all disks
     * @param bytesTotal guest bytes in all
     * @param bytesPerSecond current rate
     * @param stopping why it is stopping, or null
     * @param disks each disk's progress
     */
    public record JobView(String jobId, int attempt, String waveId, String machineName, Instant startedAt,
            long bytesDone, long bytesTotal, long bytesPerSecond, String stopping, List<DiskProgress> disks) {

        static JobView of(RunningJob job) {
            return new JobView(job.jobId(), job.attempt(), job.request().waveId(), job.request().plan().machineName(),
                    job.startedAt(), job.bytesDone(), job.bytesTotal(), job.bytesPerSecond(),
                    job.stopReason() == null ? null : job.stopReason().name(), job.disks());
        }
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "This worker's identity, capacity, throttle and running jobs")
    public WorkerStatus status() {
        List<JobView> jobs = jobs();
        return new WorkerStatus(identity.id(), config.concurrentJobs(), config.concurrentDisks(),
                Math.max(0, config.concurrentJobs() - jobs.size()), throttle.megabytesPerSecond(), jobs);
    }

    @GET
    @Path("/jobs")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The jobs this worker runs, with each disk's progress")
    public List<JobView> jobs() {
        return running.claimed().stream().map(JobView::of).toList();
    }
}
