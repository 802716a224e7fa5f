package dev.ferry.events.wave;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a wave stands: published every few seconds while its jobs run, and sent to a live-status client when it
 * connects.
 *
 * @param waveId the wave (the Kafka key)
 * @param waveName what people call the wave
 * @param state the wave's state
 * @param jobsByState how many of its jobs are in each job state (states without jobs left out)
 * @param bytesDone guest bytes converted so far over all its jobs
 * @param bytesTotal guest bytes of all its jobs that are to run (blocked machines left out)
 * @param bytesPerSecond the current conversion rate of its running jobs together
 * @param etaSeconds seconds until the wave's bytes are done at the current rate, or null when nothing runs
 * @param running the jobs in flight, each with its own progress
 * @param at when the figures were taken
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WaveProgress(String waveId, String waveName, String state, Map<String, Long> jobsByState,
        long bytesDone, long bytesTotal, long bytesPerSecond, Long etaSeconds, List<JobProgress> running,
        Instant at) {

    public WaveProgress {
        jobsByState = jobsByState == null ? Map.of() : Map.copyOf(jobsByState);
        running = running == null ? List.of() : List.copyOf(running);
    }

    /**
     * The progress of one job in flight.
     *
     * @param jobId the job
     * @param machineName the machine it migrates
     * @param state the job's state
     * @param attempt the running attempt
     * @param bytesDone guest bytes converted in all its disks
     * @param bytesTotal guest bytes of all its disks
     * @param bytesPerSecond its current rate
     */
    public record JobProgress(String jobId, String machineName, String state, int attempt, long bytesDone,
            long bytesTotal, long bytesPerSecond) {
    }
}
