package dev.ferry.scheduler.service.wave;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.ferry.api.paging.Page;
import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.api.problem.ProblemType;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.model.WaveTransition;
import dev.ferry.scheduler.service.job.JobState;
import dev.ferry.scheduler.service.job.JobTransitions;
import dev.ferry.scheduler.service.job.RetryPolicy;
import io.quarkus.panache.common.Sort;

/**
 * Waves as people handle them: submit (plan, refuse or store and start), read, pause, resume, cancel and re-run. Each
 * action locks the wave's row, then its jobs', so concurrent actions and admission see one order of events.
 */
@ApplicationScoped
public class WaveService {

    @Inject
    WavePlanner planner;

    @Inject
    WaveStore store;

    @Inject
    WaveTransitions transitions;

    @Inject
    WaveLifecycle lifecycle;

    @Inject
    JobTransitions jobs;

    @Inject
    WaveFigures figures;

    /**
     * Plans the wave; unless it is a dry run, stores it and starts it (or schedules it for its window, or holds it).
     *
     * @throws ProblemException 400 for a request that is not valid, 422 when machines cannot be converted and the
     *         wave does not skip them
     */
    @Transactional
    public WavePlan submit(WaveRequest request, String actor) {
        WavePlan plan = planner.plan(request);
        if (request.dryRun()) {
            return plan;
        }
        if (!plan.refused().isEmpty() && !request.skipBlocked()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, plan.refused().size() + " of the wave's "
                    + plan.jobs().size() + " machines cannot be converted for " + plan.profileId() + "; fix them, "
                    + "leave them out, or set skipBlocked to submit the others", refusalErrors(request, plan));
        }
        if (plan.jobs().stream().noneMatch(PlannedJob::convertible)) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "none of the wave's machines can be converted for "
                    + plan.profileId(), refusalErrors(request, plan));
        }
        return store.store(plan, request.skipBlocked(), request.hold(), actor);
    }

    /** Waves, newest first, with their figures. */
    public Page<WaveStatus> list(WaveState state, int page, int size) {
        var query = state == null ? Wave.<Wave> findAll(Sort.descending("createdAt").and("id"))
                : Wave.<Wave> find("state", Sort.descending("createdAt").and("id"), state);
        List<Wave> waves = query.page(page, size).list();
        Map<UUID, WaveFigures.Figures> byWave = figures.of(waves.stream().map(wave -> wave.id).toList());
        return new Page<>(waves.stream().map(wave -> status(wave, byWave.get(wave.id), null)).toList(), page, size,
                query.count());
    }

    /** A wave with its figures and history; 404 when there is none. */
    public WaveStatus get(UUID id) {
        Wave wave = find(id);
        List<WaveStatus.Transition> history = WaveTransition.<WaveTransition> list("waveId", Sort.by("id"), id)
                .stream().map(row -> new WaveStatus.Transition(row.fromState, row.toState, row.at, row.reason))
                .toList();
        return status(wave, figures.of(List.of(id)).get(id), history);
    }

    /** The wave; 404 when there is none. */
    public Wave find(UUID id) {
        Wave wave = Wave.findById(id);
        if (wave == null) {
            throw ProblemException.notFound("wave", id);
        }
        return wave;
    }

    /** Stops admitting the wave's jobs; running ones finish. 409 unless it is scheduled or running. */
    @Transactional
    public WaveStatus pause(UUID id, String actor) {
        Wave wave = lock(id);
        transitions.move(wave, WaveState.PAUSED, "paused by " + actor + "; running jobs finish");
        return get(id);
    }

    /** Starts a held wave or resumes a paused one. 409 for a wave in another state. */
    @Transactional
    public WaveStatus resume(UUID id, String actor) {
        Wave wave = lockIn(id, EnumSet.of(WaveState.PAUSED, WaveState.PLANNED), "a paused or planned wave can be "
                + "resumed");
        lifecycle.start(wave, (wave.state == WaveState.PLANNED ? "started by " : "resumed by ") + actor);
        return get(id);
    }

    /**
     * Cancels the wave: jobs a worker may hold are sent a cancel, the others are cancelled at once. 409 for a wave
     * that has finished.
     */
    @Transactional
    public WaveStatus cancel(UUID id, String actor) {
        Wave wave = lock(id);
        transitions.move(wave, WaveState.CANCELLED, "cancelled by " + actor);
        List<JobState> open = new ArrayList<>(List.of(JobState.values()));
        open.removeIf(state -> state.finished() || state == JobState.CANCELLING);
        for (Job job : lifecycle.jobsOf(id, open)) {
            jobs.cancel(job, "the wave was cancelled by " + actor);
        }
        return get(id);
    }

    /**
     * Runs a finished wave again: its failed and cancelled jobs are queued with a fresh retry budget; completed ones
     * are never converted again. 409 unless the wave completed with failures or was cancelled.
     */
    @Transactional
    public WaveStatus rerun(UUID id, String actor) {
        Wave wave = lockIn(id, EnumSet.of(WaveState.COMPLETED_WITH_FAILURES, WaveState.CANCELLED), "a wave that "
                + "completed with failures or was cancelled can be run again");
        List<Job> again = lifecycle.jobsOf(id, List.of(JobState.FAILED, JobState.CANCELLED));
        if (again.isEmpty()) {
            throw ProblemException.conflict("wave " + id + " has no failed or cancelled job to run again");
        }
        WaveState state = lifecycle.start(wave, "run again by " + actor + " for " + again.size() + " job(s)");
        for (Job job : again) {
            jobs.retry(job, state == WaveState.RUNNING, "the wave was run again by " + actor);
        }
        return get(id);
    }

    /** Locks the wave's row for an action; 404 when there is none. */
    public Wave lock(UUID id) {
        Wave wave = Wave.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (wave == null) {
            throw ProblemException.notFound("wave", id);
        }
        return wave;
    }

    private Wave lockIn(UUID id, Set<WaveState> states, String rule) {
        Wave wave = lock(id);
        if (!states.contains(wave.state)) {
            throw ProblemException.conflict("wave " + id + " (" + wave.name + ") is " + wave.state + "; only " + rule);
        }
        return wave;
    }

    private static WaveStatus status(Wave wave, WaveFigures.Figures figures, List<WaveStatus.Transition> history) {
        Long eta = figures.etaSeconds();
        return new WaveStatus(wave.id, wave.name, wave.state, wave.profileId,
                new WaveRequest.Target(wave.storageRoot, wave.folder),
                wave.notBefore == null && wave.notAfter == null ? null
                        : new WaveRequest.Window(wave.notBefore, wave.notAfter),
                new WaveRequest.Limits(wave.limitJobs, wave.limitSourceHost, wave.limitDatastore,
                        wave.limitTargetHost),
                RetryPolicy.of(wave), figures.jobs(), figures.inFlight(), figures.bytesDone(), figures.bytesTotal(),
                figures.bytesPerSecond(), eta, eta == null ? null : Instant.now().plusSeconds(eta), wave.createdAt,
                wave.stateChangedAt, history);
    }

    private static List<Problem.FieldError> refusalErrors(WaveRequest request, WavePlan plan) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int position = 0; position < request.machines().size(); position++) {
            index.put(request.machines().get(position).toString(), position);
        }
        return plan.refused().stream().limit(100)
                .map(machine -> new Problem.FieldError("machines[" + index.get(machine.machineId()) + "]",
                        machine.name() + ": " + machine.reasons().stream().collect(Collectors.joining("; "))))
                .toList();
    }
}
