package dev.ferry.scheduler.service.admission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.ferry.scheduler.config.WaveConfig;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.JsonColumns;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.ReplicaLock;
import dev.ferry.scheduler.service.job.JobTransitions;
import dev.ferry.scheduler.service.wave.WaveLifecycle;

/**
 * One round of scheduling: the wave clock (windows open and close, finished waves end), then admission of queued jobs
 * of running waves within every limit ({@link AdmissionPlanner}). One replica at a time runs a round (an advisory
 * lock); waves and jobs another transaction holds are skipped until the next round (SKIP LOCKED), so a round never
 * waits for a person's action and never admits for a wave being paused.
 */
@ApplicationScoped
public class Admission {

    /** Due queued jobs read per wave and round; more than any wave can admit at once. */
    private static final int CANDIDATES_PER_WAVE = 1000;

    private static final String IN_FLIGHT = "('DISPATCHED', 'CONVERTING', 'VERIFYING', 'CANCELLING')";

    @Inject
    EntityManager entityManager;

    @Inject
    ReplicaLock lock;

    @Inject
    WaveLifecycle lifecycle;

    @Inject
    JobTransitions jobs;

    @Inject
    WaveConfig config;

    /** Runs a round; returns the jobs dispatched (0 when another replica runs one now). */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public int round() {
        if (!lock.tryHold(ReplicaLock.ADMISSION)) {
            return 0;
        }
        lifecycle.tick();
        List<Wave> running = entityManager.createNativeQuery("select * from {h-schema}wave where state = 'RUNNING' "
                + "order by last_admitted_at nulls first, created_at, id for update skip locked", Wave.class)
                .getResultList();
        if (running.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<AdmissionPlanner.Load> inFlight = loads(entityManager.createNativeQuery("select id, wave_id, "
                + "source_host, datastores::text, target_host from {h-schema}job where state in " + IN_FLIGHT)
                .getResultList());
        List<AdmissionPlanner.Load> due = loads(entityManager.createNativeQuery("select id, wave_id, "
                + "source_host, datastores::text, target_host from (select j.*, row_number() over (partition by "
                + "j.wave_id order by j.position) as rank from {h-schema}job j where j.wave_id in (?1) and j.state = "
                + "'QUEUED' and (j.not_before is null or j.not_before <= ?2)) due where rank <= ?3 "
                + "order by wave_id, position")
                .setParameter(1, running.stream().map(wave -> wave.id).toList())
                .setParameter(2, now)
                .setParameter(3, CANDIDATES_PER_WAVE)
                .getResultList());
        Map<UUID, List<AdmissionPlanner.Load>> queued = new LinkedHashMap<>();
        due.forEach(load -> queued.computeIfAbsent(load.waveId(), id -> new ArrayList<>()).add(load));
        List<AdmissionPlanner.WaveQueue> queues = new ArrayList<>();
        for (Wave wave : running) {
            List<AdmissionPlanner.Load> waiting = queued.get(wave.id);
            if (waiting != null) {
                queues.add(new AdmissionPlanner.WaveQueue(wave.id, new AdmissionPlanner.Limits(wave.limitJobs,
                        wave.limitSourceHost, wave.limitDatastore, wave.limitTargetHost), waiting));
            }
        }
        List<AdmissionPlanner.Load> chosen = AdmissionPlanner.admit(config.maxJobsInFlight(), inFlight, queues);
        return dispatch(chosen, running, now);
    }

    @SuppressWarnings("unchecked")
    private int dispatch(List<AdmissionPlanner.Load> chosen, List<Wave> running, Instant now) {
        if (chosen.isEmpty()) {
            return 0;
        }
        Map<UUID, Job> lockedJobs = ((List<Job>) entityManager.createNativeQuery("select * from {h-schema}job "
                + "where id in (?1) and state = 'QUEUED' for update skip locked", Job.class)
                .setParameter(1, chosen.stream().map(AdmissionPlanner.Load::jobId).toList())
                .getResultList()).stream().collect(Collectors.toMap(job -> job.id, Function.identity()));
        Map<UUID, Wave> waves = running.stream().collect(Collectors.toMap(wave -> wave.id, Function.identity()));
        int dispatched = 0;
        for (AdmissionPlanner.Load load : chosen) {
            Job job = lockedJobs.get(load.jobId());
            if (job != null) {
                jobs.dispatch(job);
                waves.get(job.waveId).lastAdmittedAt = now;
                dispatched++;
            }
        }
        return dispatched;
    }

    private static List<AdmissionPlanner.Load> loads(List<Object[]> rows) {
        List<AdmissionPlanner.Load> loads = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            loads.add(new AdmissionPlanner.Load((UUID) row[0], (UUID) row[1], (String) row[2],
                    List.of(JsonColumns.read((String) row[3], String[].class)), (String) row[4]));
        }
        return loads;
    }
}
