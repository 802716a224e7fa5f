package dev.ferry.conversion.service.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The jobs this worker runs right now, by job id and attempt. */
@ApplicationScoped
public class RunningJobs {

    private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Registers a job; false when this worker already runs that attempt. */
    public boolean add(RunningJob job) {
        return jobs.putIfAbsent(key(job.jobId(), job.attempt()), job) == null;
    }

    /** Whether new jobs may start: not once the worker shuts down. */
    public boolean accepting() {
        return !closed;
    }

    /** Takes no new jobs from now on and returns the running ones, to stop them. */
    public List<RunningJob> closeForShutdown() {
        closed = true;
        return List.copyOf(jobs.values());
    }

    public void remove(RunningJob job) {
        jobs.remove(key(job.jobId(), job.attempt()), job);
    }

    public boolean runs(String jobId, int attempt) {
        return jobs.containsKey(key(jobId, attempt));
    }

    /** This worker's running attempts of {@code jobId} up to {@code attempt}. */
    public List<RunningJob> attemptsUpTo(String jobId, int attempt) {
        return jobs.values().stream().filter(job -> job.jobId().equals(jobId) && job.attempt() <= attempt).toList();
    }

    /** The jobs that hold their claim. */
    public List<RunningJob> claimed() {
        return jobs.values().stream().filter(RunningJob::claimed).toList();
    }

    public int count() {
        return jobs.size();
    }

    private static String key(String jobId, int attempt) {
        return jobId + "#" + attempt;
    }
}
