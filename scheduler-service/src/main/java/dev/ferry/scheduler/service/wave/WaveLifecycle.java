package dev.ferry.scheduler.service.wave;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.job.JobState;
import dev.ferry.scheduler.service.job.JobTransitions;

/**
 * What moves waves along besides people: starting a wave (now or when its window opens), closing its window (jobs not
 * started are not started), and finishing it when every job has. Row locks are taken wave first, then its jobs.
 */
@ApplicationScoped
public class WaveLifecycle {

    private static final String FINISHED_JOB_STATES = "('BLOCKED', 'COMPLETED', 'FAILED', 'CANCELLED')";

    @Inject
    WaveTransitions waves;

    @Inject
    JobTransitions jobs;

    @Inject
    EntityManager entityManager;

    /** The state a wave takes when it starts at {@code now}: SCHEDULED before its window opens, RUNNING after. */
    public static WaveState startState(Wave wave, Instant now) {
        return wave.notBefore != null && wave.notBefore.isAfter(now) ? WaveState.SCHEDULED : WaveState.RUNNING;
    }

    /**
     * Starts (or resumes) {@code wave}: SCHEDULED until its window opens, else RUNNING with its pending jobs queued.
     *
     * @throws ProblemException (409) when its window has closed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public WaveState start(Wave wave, String reason) {
        Instant now = Instant.now();
        if (wave.notAfter != null && !wave.notAfter.isAfter(now)) {
            throw ProblemException.conflict("wave " + wave.id + " (" + wave.name + ") cannot start: its window "
                    + "closed at " + wave.notAfter);
        }
        WaveState target = startState(wave, now);
        waves.move(wave, target, reason);
        if (target == WaveState.RUNNING) {
            queuePending(wave, reason);
        }
        return target;
    }

    /** Opens windows, closes them, and finishes waves whose jobs have all finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tick() {
        Instant now = Instant.now();
        for (Wave wave : lockWaves("w.state = 'SCHEDULED' and w.not_before <= ?1", now)) {
            waves.move(wave, WaveState.RUNNING, "its window opened");
            queuePending(wave, "the wave's window opened");
        }
        for (Wave wave : lockWaves("w.state in ('SCHEDULED', 'RUNNING', 'PAUSED') and w.not_after <= ?1 and exists "
                + "(select 1 from {h-schema}job j where j.wave_id = w.id and j.state in ('PENDING', 'QUEUED'))", now)) {
            for (Job job : jobsOf(wave.id, List.of(JobState.PENDING, JobState.QUEUED))) {
                jobs.move(job, JobState.CANCELLED, "the wave's window closed at " + wave.notAfter
                        + " before the job started");
            }
        }
        for (Wave wave : lockWaves("w.state in ('RUNNING', 'PAUSED') and not exists (select 1 from {h-schema}job j "
                + "where j.wave_id = w.id and j.state not in " + FINISHED_JOB_STATES + ")")) {
            finish(wave);
        }
    }

    private void finish(Wave wave) {
        long unsuccessful = Job.count("waveId = ?1 and state in ?2", wave.id,
                List.of(JobState.FAILED, JobState.CANCELLED));
        if (unsuccessful == 0) {
            waves.move(wave, WaveState.COMPLETED, "every job completed");
        } else {
            waves.move(wave, WaveState.COMPLETED_WITH_FAILURES, unsuccessful + " job(s) failed or were cancelled");
        }
    }

    private void queuePending(Wave wave, String reason) {
        for (Job job : jobsOf(wave.id, List.of(JobState.PENDING))) {
            jobs.move(job, JobState.QUEUED, reason);
        }
    }

    /** The wave's jobs in {@code states}, in order, locked. */
    public List<Job> jobsOf(UUID waveId, List<JobState> states) {
        return Job.<Job> find("waveId = ?1 and state in ?2 order by position", waveId, states)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** The waves matching {@code condition} (on alias w, with ?1... the parameters) that no other transaction holds. */
    @SuppressWarnings("unchecked")
    private List<Wave> lockWaves(String condition, Object... parameters) {
        var query = entityManager.createNativeQuery("select w.* from {h-schema}wave w where " + condition
                + " order by w.created_at for update of w skip locked", Wave.class);
        for (int index = 0; index < parameters.length; index++) {
            query.setParameter(index + 1, parameters[index]);
        }
        return query.getResultList();
    }
}
