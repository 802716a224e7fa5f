package dev.ferry.scheduler.service.wave;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import dev.ferry.events.wave.WaveProgress;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.job.JobState;

/**
 * Counts and sums over waves' jobs: jobs per state, bytes done and in all, the current rate and the estimated time
 * left. Reads with a few grouped queries, whatever the number of jobs.
 */
@ApplicationScoped
public class WaveFigures {

    /** Rates count only for jobs a worker holds, and only for disks not finished. */
    private static final String RUNNING = "('DISPATCHED', 'CONVERTING', 'VERIFYING')";

    @Inject
    EntityManager entityManager;

    /**
     * A wave's figures.
     *
     * @param jobs jobs per state (every state present)
     * @param bytesDone guest bytes converted over its jobs (blocked ones left out)
     * @param bytesTotal guest bytes of its jobs (blocked ones left out)
     * @param bytesPerSecond current rate of its running jobs together
     */
    public record Figures(Map<JobState, Long> jobs, long bytesDone, long bytesTotal, long bytesPerSecond) {

        static Figures empty() {
            Map<JobState, Long> jobs = new EnumMap<>(JobState.class);
            for (JobState state : JobState.values()) {
                jobs.put(state, 0L);
            }
            return new Figures(jobs, 0, 0, 0);
        }

        /** Jobs counting against the limits. */
        public long inFlight() {
            return jobs.entrySet().stream().filter(entry -> entry.getKey().inFlight()).mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /** Seconds until the bytes left are done at the current rate, or null when nothing runs. */
        public Long etaSeconds() {
            return secondsLeft(bytesDone, bytesTotal, bytesPerSecond);
        }

        Figures withBytes(long done, long total, long rate) {
            return new Figures(jobs, done, total, rate);
        }
    }

    /** Seconds until {@code total} is reached from {@code done} at {@code rate}, or null when the rate is 0. */
    public static Long secondsLeft(long done, long total, long rate) {
        return rate <= 0 ? null : Math.max(0, total - done) / rate;
    }

    /** The figures of each of {@code waveIds}. */
    @SuppressWarnings("unchecked")
    public Map<UUID, Figures> of(Collection<UUID> waveIds) {
        Map<UUID, Figures> figures = new HashMap<>();
        if (waveIds.isEmpty()) {
            return figures;
        }
        waveIds.forEach(id -> figures.put(id, Figures.empty()));
        List<Object[]> counts = entityManager.createNativeQuery("select wave_id, state, count(*) from {h-schema}job "
                + "where wave_id in (?1) group by wave_id, state")
                .setParameter(1, waveIds).getResultList();
        for (Object[] row : counts) {
            figures.get((UUID) row[0]).jobs().put(JobState.valueOf((String) row[1]), ((Number) row[2]).longValue());
        }
        List<Object[]> bytes = entityManager.createNativeQuery("select j.wave_id, coalesce(sum(d.bytes_done), 0), "
                + "coalesce(sum(d.bytes_total), 0), coalesce(sum(case when j.state in " + RUNNING
                + " and d.attempt = j.attempt and d.bytes_done < d.bytes_total then d.bytes_per_second else 0 end), 0) "
                + "from {h-schema}job j join {h-schema}job_disk d on d.job_id = j.id "
                + "where j.wave_id in (?1) and j.state <> 'BLOCKED' group by j.wave_id")
                .setParameter(1, waveIds).getResultList();
        for (Object[] row : bytes) {
            UUID id = (UUID) row[0];
            figures.put(id, figures.get(id).withBytes(((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue()));
        }
        return figures;
    }

    /** The wave's progress as published on the wave events topic and sent to live-status clients. */
    @SuppressWarnings("unchecked")
    public WaveProgress progress(Wave wave) {
        Figures figures = of(List.of(wave.id)).get(wave.id);
        List<Object[]> rows = entityManager.createNativeQuery("select j.id, j.machine_name, j.state, j.attempt, "
                + "coalesce(sum(d.bytes_done), 0), coalesce(sum(d.bytes_total), 0), coalesce(sum(case when "
                + "d.attempt = j.attempt and d.bytes_done < d.bytes_total then d.bytes_per_second else 0 end), 0) "
                + "from {h-schema}job j left join {h-schema}job_disk d on d.job_id = j.id "
                + "where j.wave_id = ?1 and j.state in ('DISPATCHED', 'CONVERTING', 'VERIFYING', 'CANCELLING') "
                + "group by j.id, j.machine_name, j.state, j.attempt, j.position order by j.position")
                .setParameter(1, wave.id).getResultList();
        List<WaveProgress.JobProgress> running = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            running.add(new WaveProgress.JobProgress(row[0].toString(), (String) row[1], (String) row[2],
                    ((Number) row[3]).intValue(), ((Number) row[4]).longValue(), ((Number) row[5]).longValue(),
                    ((Number) row[6]).longValue()));
        }
        Map<String, Long> byState = new LinkedHashMap<>();
        figures.jobs().forEach((state, count) -> {
            if (count > 0) {
                byState.put(state.name(), count);
            }
        });
        return new WaveProgress(wave.id.toString(), wave.name, wave.state.name(), byState, figures.bytesDone(),
                figures.bytesTotal(), figures.bytesPerSecond(), figures.etaSeconds(), running, Instant.now());
    }
}
