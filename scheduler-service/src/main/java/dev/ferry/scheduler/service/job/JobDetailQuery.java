package dev.ferry.scheduler.service.job;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.conversion.TargetLocation;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.JsonColumns;
import dev.ferry.scheduler.service.wave.WaveFigures;

/**
 * Reads a job with everything about it in two round trips: the job, then its wave's retry budget and its itinerary,
 * disks, attempts and transitions as JSON arrays PostgreSQL builds. The job detail is the API's most frequent read
 * (clients poll it), so it stays cheap however busy the database is.
 */
@ApplicationScoped
public class JobDetailQuery {

    private static final String CHILDREN = """
            select w.retry_attempts,
              (select coalesce(json_agg(json_build_object('kind', s.kind, 'diskKey', s.disk_key, 'status', s.status,
                 'startedAt', s.started_at, 'endedAt', s.ended_at, 'message', s.message) order by s.position), '[]')
                 from {h-schema}job_step s where s.job_id = j.id)::text,
              (select coalesce(json_agg(json_build_object('diskKey', d.disk_key, 'label', d.label,
                 'fileName', d.file_name, 'targetFormat', d.target_format, 'phase', d.phase,
                 'bytesDone', d.bytes_done, 'bytesTotal', d.bytes_total,
                 'bytesPerSecond', case when d.attempt = j.attempt and d.bytes_done < d.bytes_total
                   then d.bytes_per_second else 0 end,
                 'checkpointBytes', d.checkpoint_bytes, 'fileSize', d.file_size, 'digest', d.digest,
                 'reportedAt', d.reported_at) order by d.position), '[]')
                 from {h-schema}job_disk d where d.job_id = j.id)::text,
              (select coalesce(json_agg(json_build_object('attempt', a.attempt, 'workerId', a.worker_id,
                 'dispatchedAt', a.dispatched_at, 'startedAt', a.started_at, 'endedAt', a.ended_at,
                 'outcome', a.outcome, 'message', a.message) order by a.attempt), '[]')
                 from {h-schema}job_attempt a where a.job_id = j.id)::text,
              (select coalesce(json_agg(json_build_object('from', t.from_state, 'to', t.to_state,
                 'attempt', t.attempt, 'at', t.at, 'reason', t.reason) order by t.id), '[]')
                 from {h-schema}job_transition t where t.job_id = j.id)::text
            from {h-schema}job j join {h-schema}wave w on w.id = j.wave_id where j.id = ?1""";

    @Inject
    EntityManager entityManager;

    /** The job with everything about it; 404 when there is none. */
    public JobDetail read(UUID id) {
        Job job = Job.findById(id);
        if (job == null) {
            throw ProblemException.notFound("job", id);
        }
        Object[] row = (Object[]) entityManager.createNativeQuery(CHILDREN).setParameter(1, id).getSingleResult();
        int retryAttempts = ((Number) row[0]).intValue();
        List<JobDetail.Step> steps = List.of(JsonColumns.read((String) row[1], JobDetail.Step[].class));
        boolean running = job.state == JobState.DISPATCHED || job.state == JobState.CONVERTING
                || job.state == JobState.VERIFYING;
        List<JobDetail.DiskProgress> disks = List.of(JsonColumns.read((String) row[2], JobDetail.DiskProgress[].class))
                .stream().map(disk -> withRate(disk, running ? disk.bytesPerSecond() : 0)).toList();
        List<JobDetail.Attempt> attempts = List.of(JsonColumns.read((String) row[3], JobDetail.Attempt[].class));
        List<JobDetail.Transition> history = List.of(JsonColumns.read((String) row[4],
                JobDetail.Transition[].class));
        long done = disks.stream().mapToLong(JobDetail.DiskProgress::bytesDone).sum();
        long rate = disks.stream().mapToLong(JobDetail.DiskProgress::bytesPerSecond).sum();
        int attemptsLeft = job.state.finished() && job.state != JobState.FAILED ? 0
                : Math.max(0, retryAttempts - (job.attempt - job.retryBase));
        return new JobDetail(job.id, job.waveId, job.position, job.machineId, job.machineName, job.state,
                job.attempt, attemptsLeft, job.state == JobState.QUEUED ? job.notBefore : null, job.leaseExpiresAt,
                job.sourceHost, List.of(JsonColumns.read(job.datastores, String[].class)), job.targetHost,
                new TargetLocation(job.storageRoot, job.folder), job.verdict.readiness, job.verdict.findings, done,
                job.bytesTotal, rate, WaveFigures.secondsLeft(done, job.bytesTotal, rate), job.lastError,
                job.definitionFiles == null ? null : List.of(JsonColumns.read(job.definitionFiles, String[].class)),
                steps, disks, attempts, history, job.verdict.plan, job.createdAt, job.stateChangedAt);
    }

    private static JobDetail.DiskProgress withRate(JobDetail.DiskProgress disk, long rate) {
        return new JobDetail.DiskProgress(disk.diskKey(), disk.label(), disk.fileName(), disk.targetFormat(),
                disk.phase(), disk.bytesDone(), disk.bytesTotal(), rate,
                WaveFigures.secondsLeft(disk.bytesDone(), disk.bytesTotal(), rate), disk.checkpointBytes(),
                disk.fileSize(), disk.digest(), disk.reportedAt());
    }
}
