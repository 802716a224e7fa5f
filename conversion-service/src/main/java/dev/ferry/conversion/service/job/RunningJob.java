package dev.ferry.conversion.service.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.ferry.disk.convert.CancellationToken;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.plan.DiskPlan;

/**
 * A job this worker is running: its request, the token that stops its conversions, why it was stopped, and each
 * disk's progress. Shared between the job's threads, the heartbeat, the cancel consumer and the API.
 */
public final class RunningJob {

    private final ConversionRequest request;
    private final Instant startedAt = Instant.now();
    private final CancellationToken token = new CancellationToken();
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final Map<String, DiskProgress> disks = new LinkedHashMap<>();
    private volatile boolean claimed;
    private volatile Phase phase = Phase.VALIDATING;

    public RunningJob(ConversionRequest request) {
        this.request = request;
        for (DiskPlan disk : request.plan().disks()) {
            disks.put(disk.diskKey(), new DiskProgress(disk.diskKey(), disk.fileName(), Phase.VALIDATING, 0,
                    disk.capacityBytes(), 0));
        }
    }

    public ConversionRequest request() {
        return request;
    }

    public String jobId() {
        return request.jobId();
    }

    public int attempt() {
        return request.attempt();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Marks the job as holding its claim; only then do heartbeats renew it and the API show it. */
    public void markClaimed() {
        claimed = true;
    }

    public boolean claimed() {
        return claimed;
    }

    /** What the worker does for the job as a whole. */
    public Phase phase() {
        return phase;
    }

    void phase(Phase jobPhase) {
        phase = jobPhase;
    }

    /** The token every conversion and verification of this job watches. */
    public CancellationToken token() {
        return token;
    }

    /** Asks the job to stop; the first reason given wins. */
    public void stop(StopReason reason) {
        stopReason.compareAndSet(null, reason);
        token.cancel();
    }

    /** Why the job was asked to stop, or null while it may run on. */
    public StopReason stopReason() {
        return stopReason.get();
    }

    public boolean stopping() {
        return stopReason.get() != null;
    }

    synchronized void update(String diskKey, Phase phase, long done, long total, long rate) {
        disks.computeIfPresent(diskKey, (key, progress) -> progress.with(phase, done, total, rate));
    }

    synchronized void phase(String diskKey, Phase phase) {
        disks.computeIfPresent(diskKey, (key, progress) -> progress.with(phase, progress.bytesDone(),
                progress.bytesTotal(), 0));
    }

    public synchronized List<DiskProgress> disks() {
        return List.copyOf(disks.values());
    }

    /** Guest bytes done over all disks. */
    public synchronized long bytesDone() {
        return disks.values().stream().mapToLong(DiskProgress::bytesDone).sum();
    }

    public synchronized long bytesTotal() {
        return disks.values().stream().mapToLong(DiskProgress::bytesTotal).sum();
    }

    public synchronized long bytesPerSecond() {
        return disks.values().stream().mapToLong(DiskProgress::bytesPerSecond).sum();
    }
}
