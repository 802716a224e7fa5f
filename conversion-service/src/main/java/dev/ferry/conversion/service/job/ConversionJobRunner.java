package dev.ferry.conversion.service.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.model.AttemptState;
import dev.ferry.conversion.model.ConvertedDisk;
import dev.ferry.conversion.service.WorkerIdentity;
import dev.ferry.conversion.service.claim.AttemptClaims;
import dev.ferry.conversion.service.claim.Claim;
import dev.ferry.conversion.service.claim.JobCancellations;
import dev.ferry.conversion.service.definition.VmDefinitions;
import dev.ferry.conversion.service.source.DiskSources;
import dev.ferry.conversion.service.source.SourceCredentials;
import dev.ferry.conversion.service.target.JobOutputs;
import dev.ferry.conversion.service.target.StorageRoots;
import dev.ferry.disk.convert.ConversionCancelledException;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.events.plan.DiskPlan;

/**
 * Runs one delivered conversion request to its end: claims the attempt, waits for an older attempt still running
 * elsewhere to stop, converts and verifies the disks (a few at a time), writes the VM definition, and finishes the
 * attempt with COMPLETED, FAILED or CANCELLED through the outbox. Says whether the request's record may be
 * acknowledged: not when the worker shuts down, so another worker gets it.
 */
@ApplicationScoped
public class ConversionJobRunner {

    private static final Logger LOG = Logger.getLogger(ConversionJobRunner.class);
    private static final long OLDER_ATTEMPT_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What becomes of the request's Kafka record. */
    public enum Disposition {
        /** The request is dealt with (done, failed, cancelled or not this worker's to run). */
        ACKNOWLEDGE,
        /** The worker stopped before the end: leave the record uncommitted so that another worker gets it. */
        LEAVE_UNACKNOWLEDGED
    }

    @Inject
    AttemptClaims claims;

    @Inject
    JobCancellations cancellations;

    @Inject
    RunningJobs running;

    @Inject
    StorageRoots storageRoots;

    @Inject
    DiskSources sources;

    @Inject
    DiskConversion diskConversion;

    @Inject
    VmDefinitions definitions;

    @Inject
    ConversionConfig config;

    @Inject
    WorkerIdentity identity;

    @Inject
    Heartbeats heartbeats;

    public Disposition run(ConversionRequest request) {
        if (!running.accepting()) {
            return Disposition.LEAVE_UNACKNOWLEDGED;
        }
        RunningJob job = new RunningJob(request);
        if (!running.add(job)) {
            LOG.infof("job %s attempt %d skipped: already running on this worker", request.jobId(),
                    request.attempt());
            return Disposition.ACKNOWLEDGE;
        }
        try {
            Claim claim = claims.claim(request);
            if (!claim.run()) {
                LOG.infof("job %s attempt %d skipped: %s", request.jobId(), request.attempt(), claim.reason());
                return Disposition.ACKNOWLEDGE;
            }
            job.markClaimed();
            if (claim.cancellation() != null) {
                job.stop(claim.cancellation());
            }
            LOG.infof("job %s attempt %d %s: %d disk(s) of %s", request.jobId(), request.attempt(),
                    claim.takeover() ? "taken over" : "started", request.plan().disks().size(),
                    request.plan().machineName());
            return execute(job);
        } finally {
            running.remove(job);
        }
    }

    private Disposition execute(RunningJob job) {
        ConversionRequest request = job.request();
        try {
            awaitOlderAttempts(job);
            Path folder = storageRoots.createFolder(request.target());
            Map<String, SourceCredentials> credentials = sources.credentialsFor(request.plan());
            job.phase(Phase.CONVERTING);
            List<DiskResult> results = convertDisks(job, folder, credentials);
            job.phase(Phase.WRITING_DEFINITION);
            // The scheduler moves the job's itinerary on this: every disk is verified, the definition is next.
            heartbeats.reportPhase(job);
            List<String> definitionFiles = definitions.write(request.plan(), results, folder, request.jobId());
            job.phase(Phase.DONE);
            long total = results.stream().mapToLong(DiskResult::virtualSize).sum();
            String message = "converted and verified " + results.size() + " disk(s) of "
                    + request.plan().machineName();
            boolean published = claims.finish(request.jobId(), request.attempt(), AttemptState.COMPLETED, message,
                    EventTypes.CONVERSION_COMPLETED, new ConversionUpdate(request.jobId(), request.attempt(),
                            identity.id(), null, total, total, 0, message, false, results, definitionFiles,
                            Phase.DONE));
            LOG.infof("job %s attempt %d completed%s", request.jobId(), request.attempt(),
                    published ? "" : ", but another worker holds it now: not published");
            return Disposition.ACKNOWLEDGE;
        } catch (Exception | Error e) {
            StopReason reason = job.stopReason();
            if (reason != null && reason != StopReason.DISK_FAILED) {
                return stopped(job, reason);
            }
            return failed(job, e);
        }
    }

    private Disposition stopped(RunningJob job, StopReason reason) {
        ConversionRequest request = job.request();
        job.phase(Phase.DONE);
        LOG.infof("job %s attempt %d stopped: %s", request.jobId(), request.attempt(), reason);
        switch (reason) {
            case CANCELLED -> cancellations.finishCancelled(request, false);
            case TAKEN_BACK -> cancellations.finishCancelled(request, true);
            case SUPERSEDED -> claims.finish(request.jobId(), request.attempt(), AttemptState.SUPERSEDED,
                    "stopped: a newer attempt of the job exists", null, null);
            case SHUTDOWN -> {
                claims.release(request.jobId(), request.attempt(), "worker shut down; resumes from checkpoint");
                return Disposition.LEAVE_UNACKNOWLEDGED;
            }
            case CLAIM_LOST, DISK_FAILED -> {
                // Another worker holds the attempt now and reports it.
            }
        }
        return Disposition.ACKNOWLEDGE;
    }

    private Disposition failed(RunningJob job, Throwable error) {
        ConversionRequest request = job.request();
        job.phase(Phase.DONE);
        Failure failure = Failure.of(error);
        if (failure.retryable()) {
            LOG.warnf(error, "job %s attempt %d failed (retryable): %s", request.jobId(), request.attempt(),
                    failure.message());
        } else {
            LOG.warnf("job %s attempt %d failed: %s", request.jobId(), request.attempt(), failure.message());
            removePartialFiles(request);
        }
        ConversionUpdate update = new ConversionUpdate(request.jobId(), request.attempt(), identity.id(), null,
                job.bytesDone(), job.bytesTotal(), 0, failure.message(), failure.retryable(), null, null, Phase.DONE);
        claims.finish(request.jobId(), request.attempt(), AttemptState.FAILED, failure.message(),
                EventTypes.CONVERSION_FAILED, update);
        return Disposition.ACKNOWLEDGE;
    }

    /** After a failure no retry can mend, the partial images and checkpoints only take space. */
    private void removePartialFiles(ConversionRequest request) {
        try {
            JobOutputs.remove(storageRoots.folder(request.target()), request.plan().disks(), Set.of());
        } catch (IOException e) {
            LOG.debugf("partial files of job %s not removed: %s", request.jobId(), e.getMessage());
        }
    }

    /** Two attempts never write the same files: a newer one starts once the older one stopped or went stale. */
    private void awaitOlderAttempts(RunningJob job) throws ConversionCancelledException {
        boolean logged = false;
        while (claims.olderAttemptRunning(job.jobId(), job.attempt())) {
            if (!logged) {
                LOG.infof("job %s attempt %d waits for an older attempt to stop", job.jobId(), job.attempt());
                logged = true;
            }
            if (job.stopping()) {
                throw new ConversionCancelledException(0);
            }
            LockSupport.parkNanos(OLDER_ATTEMPT_POLL_NANOS);
        }
        if (job.stopping()) {
            throw new ConversionCancelledException(0);
        }
    }

    private List<DiskResult> convertDisks(RunningJob job, Path folder, Map<String, SourceCredentials> credentials)
            throws Exception {
        List<DiskPlan> disks = job.request().plan().disks();
        if (disks.isEmpty()) {
            throw new RequestRefusedException("the plan has no disks to convert");
        }
        Map<String, ConvertedDisk> finished = claims.convertedDisks(job.jobId()).stream()
                .collect(Collectors.toMap(disk -> disk.diskKey, Function.identity()));
        int parallel = Math.max(1, Math.min(config.concurrentDisks(), disks.size()));
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, runnable -> {
            Thread thread = new Thread(runnable, "conversion-" + job.jobId() + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<DiskResult>> futures = new ArrayList<>();
            for (DiskPlan disk : disks) {
                futures.add(pool.submit(() -> {
                    try {
                        return diskConversion.convert(job, disk, folder, credentials, finished);
                    } catch (Exception | Error e) {
                        if (!(e instanceof ConversionCancelledException)) {
                            job.stop(StopReason.DISK_FAILED);
                        }
                        throw new DiskFailedException(disk.diskKey(), e);
                    }
                }));
            }
            return collect(futures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The results in plan order, or the first real failure (a disk that failed, not one stopped because of it). */
    private static List<DiskResult> collect(List<Future<DiskResult>> futures) throws Exception {
        List<DiskResult> results = new ArrayList<>();
        Exception cancelled = null;
        Exception failure = null;
        for (Future<DiskResult> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception exception ? exception
                        : new IllegalStateException(e.getCause());
                boolean stoppedOnly = cause instanceof DiskFailedException disk
                        && disk.getCause() instanceof ConversionCancelledException;
                if (stoppedOnly) {
                    cancelled = cancelled == null ? cause : cancelled;
                } else {
                    failure = failure == null ? cause : failure;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConversionCancelledException(0);
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (cancelled != null) {
            throw cancelled;
        }
        return results;
    }
}
