package dev.ferry.scheduler.service.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.ferry.api.paging.Page;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.wave.WaveLifecycle;
import dev.ferry.scheduler.service.wave.WaveService;
import dev.ferry.scheduler.service.wave.WaveState;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Jobs as people see and handle them: list, read in detail, retry and cancel. */
@ApplicationScoped
public class JobService {

    @Inject
    JobTransitions transitions;

    @Inject
    WaveService waves;

    @Inject
    WaveLifecycle lifecycle;

    @Inject
    EntityManager entityManager;

    @Inject
    JobDetailQuery details;

    /** Jobs in wave order, optionally of one wave and in one state. */
    @SuppressWarnings("unchecked")
    public Page<JobSummary> list(UUID waveId, JobState state, int page, int size) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (waveId != null) {
            where.append(" and waveId = :wave");
            parameters.and("wave", waveId);
        }
        if (state != null) {
            where.append(" and state = :state");
            parameters.and("state", state);
        }
        var query = Job.<Job> find(where.toString(), Sort.by("createdAt").and("waveId").and("position"), parameters);
        List<Job> jobs = query.page(page, size).list();
        Map<UUID, Long> done = new HashMap<>();
        if (!jobs.isEmpty()) {
            List<Object[]> rows = entityManager.createNativeQuery("select job_id, sum(bytes_done) from "
                    + "{h-schema}job_disk where job_id in (?1) group by job_id")
                    .setParameter(1, jobs.stream().map(job -> job.id).toList()).getResultList();
            rows.forEach(row -> done.put((UUID) row[0], ((Number) row[1]).longValue()));
        }
        List<JobSummary> items = jobs.stream().map(job -> new JobSummary(job.id, job.waveId, job.position,
                job.machineId, job.machineName, job.state, job.attempt, done.getOrDefault(job.id, 0L),
                job.bytesTotal, job.lastError, job.stateChangedAt)).toList();
        return new Page<>(items, page, size, query.count());
    }

    /** A job with its itinerary, disks, attempts and transitions; 404 when there is none. */
    public JobDetail get(UUID id) {
        return details.read(id);
    }

    /**
     * Queues a failed or cancelled job again with a fresh retry budget; a wave that had finished runs again for it.
     * 409 for a job that completed, is blocked or has not finished.
     */
    @Transactional
    public JobDetail retry(UUID id, String actor) {
        Wave wave = waves.lock(waveOf(id));
        Job job = lock(id);
        boolean retryable = job.state == JobState.FAILED || job.state == JobState.CANCELLED;
        if (retryable && wave.state.finished()) {
            lifecycle.start(wave, "job " + id + " (" + job.machineName + ") retried by " + actor);
        }
        transitions.retry(job, wave.state == WaveState.RUNNING || wave.state == WaveState.PAUSED,
                "retried by " + actor);
        return get(id);
    }

    /** Cancels a job: at once when no worker holds it, else by a cancel to the worker. 409 when it has finished. */
    @Transactional
    public JobDetail cancel(UUID id, String actor) {
        Job job = lock(id);
        transitions.cancel(job, "cancelled by " + actor);
        return get(id);
    }

    private UUID waveOf(UUID jobId) {
        List<?> waveIds = entityManager.createNativeQuery("select wave_id from {h-schema}job where id = ?1")
                .setParameter(1, jobId).getResultList();
        if (waveIds.isEmpty()) {
            throw ProblemException.notFound("job", jobId);
        }
        return (UUID) waveIds.get(0);
    }

    private static Job lock(UUID id) {
        Job job = Job.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw ProblemException.notFound("job", id);
        }
        return job;
    }
}
