package dev.ferry.scheduler.service.wave;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.api.problem.ProblemType;
import dev.ferry.events.conversion.TargetLocation;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.config.SchedulerConfig;
import dev.ferry.scheduler.config.WaveConfig;
import dev.ferry.scheduler.service.MachineCatalog;
import dev.ferry.scheduler.service.assessment.AssessmentService;
import dev.ferry.scheduler.service.assessment.AssessmentSummary;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.MachineAssessment;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.job.RetryPolicy;
import dev.ferry.scheduler.service.planning.CapacityPlanRequest;
import dev.ferry.scheduler.service.planning.CapacityPlanner;
import dev.ferry.scheduler.service.planning.HostPool;
import dev.ferry.scheduler.service.planning.HostSpec;
import dev.ferry.scheduler.service.planning.MachineDemand;
import dev.ferry.scheduler.service.planning.Placement;
import dev.ferry.scheduler.service.planning.PlanningOptions;
import dev.ferry.scheduler.service.planning.Unplaced;
import dev.ferry.scheduler.service.profile.ProfileCatalog;
import dev.ferry.scheduler.service.profile.TargetProfile;

/**
 * Turns a submitted wave into its plan: checks the request (every problem named with its field), assesses the machines
 * against the profile, places them on the wave's target hosts, and gives each its conversion plan and target folder.
 * Stores nothing.
 */
@ApplicationScoped
public class WavePlanner {

    /** Field errors reported at most, so that a wave of thousands of unknown machines gets a readable answer. */
    private static final int MAX_ERRORS = 100;

    @Inject
    ProfileCatalog profiles;

    @Inject
    MachineCatalog machines;

    @Inject
    AssessmentService assessments;

    @Inject
    CapacityPlanner planner;

    @Inject
    StorageRoots storageRoots;

    @Inject
    SchedulerConfig schedulerConfig;

    @Inject
    WaveConfig config;

    /**
     * The plan of {@code request}.
     *
     * @throws ProblemException (400) naming every field that is wrong: unknown machines or profile, a window that
     *         ends before it starts, a target folder outside the storage roots, machines listed twice
     */
    public WavePlan plan(WaveRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        checkWindow(request.window(), errors);
        errors.addAll(storageRoots.problems(request.target().storageRoot(), request.target().folder(), "target"));
        RetryPolicy retry = retryPolicy(request.retry(), errors);
        HostPool pool = request.targetHosts() == null ? null : pool(request.targetHosts(), errors);
        TargetProfile profile = profile(request.profileId(), errors);
        Map<UUID, MachineRecord> known = machines.find(List.copyOf(new LinkedHashSet<>(request.machines()))).stream()
                .collect(Collectors.toMap(machine -> UUID.fromString(machine.id()), Function.identity()));
        Set<UUID> seen = new HashSet<>();
        for (int index = 0; index < request.machines().size(); index++) {
            UUID id = request.machines().get(index);
            if (!seen.add(id)) {
                errors.add(new Problem.FieldError("machines[" + index + "]", "machine " + id + " is listed twice"));
            } else if (!known.containsKey(id)) {
                errors.add(new Problem.FieldError("machines[" + index + "]", "machine " + id
                        + " is not known to the scheduler (the inventory has not published it)"));
            }
        }
        if (!errors.isEmpty()) {
            int count = errors.size();
            throw ProblemException.invalidFields("the wave is not valid: " + count + " problem(s)"
                    + (count > MAX_ERRORS ? ", the first " + MAX_ERRORS + " listed" : ""),
                    errors.subList(0, Math.min(count, MAX_ERRORS)));
        }

        List<MachineRecord> records = request.machines().stream().map(known::get).toList();
        List<MachineAssessment> assessed = assessments.assess(records, profile);
        Placement placement = pool == null ? null : place(assessed, pool, profile, request.targetHosts());
        Map<String, List<String>> refusals = refusals(assessed, placement);
        return new WavePlan(null, request.name().trim(), null, true, profile.id(), request.target(), request.window(),
                limits(request.limits()), retry, AssessmentSummary.of(assessed), placement,
                jobs(request.target(), records, assessed, placement, refusals), refused(records, refusals));
    }

    private static List<PlannedJob> jobs(WaveRequest.Target target, List<MachineRecord> records,
            List<MachineAssessment> assessed, Placement placement, Map<String, List<String>> refusals) {
        Map<String, String> hostByMachine = placement == null ? Map.of() : placement.hostByMachine();
        Set<String> folders = new HashSet<>();
        List<PlannedJob> jobs = new ArrayList<>(records.size());
        for (int position = 0; position < records.size(); position++) {
            MachineRecord machine = records.get(position);
            MachineAssessment verdict = assessed.get(position);
            String folder = StorageRoots.machineFolder(verdict.plan().machineName());
            if (!folders.add(folder)) {
                folder = folder + "-" + machine.id().substring(0, 8);
                folders.add(folder);
            }
            var source = machine.placement();
            jobs.add(new PlannedJob(position, null, machine.id(), machine.name(), verdict.readiness(),
                    verdict.findings(), source == null ? null : source.host(),
                    source == null ? List.of() : source.datastores(), hostByMachine.get(machine.id()),
                    new TargetLocation(target.storageRoot(), target.folder() + "/" + folder),
                    verdict.plan(), refusals.get(machine.id())));
        }
        return jobs;
    }

    private static List<WavePlan.RefusedMachine> refused(List<MachineRecord> records,
            Map<String, List<String>> refusals) {
        return records.stream().filter(machine -> refusals.containsKey(machine.id()))
                .map(machine -> new WavePlan.RefusedMachine(machine.id(), machine.name(), refusals.get(machine.id())))
                .toList();
    }

    /** Per refused machine, why: its blockers, or why it fits on no target host. */
    private static Map<String, List<String>> refusals(List<MachineAssessment> assessed, Placement placement) {
        Map<String, List<String>> refusals = new HashMap<>();
        for (MachineAssessment verdict : assessed) {
            if (!verdict.convertible()) {
                refusals.put(verdict.machineId(), verdict.findings().stream()
                        .filter(finding -> finding.severity() == Severity.BLOCKER)
                        .map(WavePlanner::describe).toList());
            }
        }
        if (placement != null) {
            for (Unplaced unplaced : placement.unplaced()) {
                refusals.computeIfAbsent(unplaced.machineId(), id -> new ArrayList<>())
                        .add("fits on no target host: " + unplaced.reason());
            }
        }
        return refusals;
    }

    private static String describe(Finding finding) {
        return finding.ruleId() + ": " + finding.message();
    }

    private Placement place(List<MachineAssessment> assessed, HostPool pool, TargetProfile profile,
            WaveRequest.TargetHosts hosts) {
        double ratio = hosts.vcpuPerLogicalProcessor() != null ? hosts.vcpuPerLogicalProcessor()
                : profile.host().vcpuPerLogicalProcessor() != null ? profile.host().vcpuPerLogicalProcessor().value()
                        : schedulerConfig.planning().vcpuPerLogicalProcessor();
        double headroom = hosts.headroomPercent() != null ? hosts.headroomPercent()
                : schedulerConfig.planning().headroomPercent();
        List<MachineDemand> demands = assessed.stream().filter(MachineAssessment::convertible)
                .map(verdict -> MachineDemand.of(verdict.plan())).toList();
        return planner.place(demands, pool, profile.host(), new PlanningOptions(headroom, ratio));
    }

    private static HostPool pool(WaveRequest.TargetHosts hosts, List<Problem.FieldError> errors) {
        boolean listed = hosts.hosts() != null && !hosts.hosts().isEmpty();
        if ((hosts.identicalHosts() != null) == listed) {
            errors.add(new Problem.FieldError("targetHosts", "give either identicalHosts or hosts, not both and not "
                    + "neither"));
            return null;
        }
        if (listed) {
            return HostPool.of(hosts.hosts());
        }
        CapacityPlanRequest.IdenticalHosts identical = hosts.identicalHosts();
        return HostPool.identical(new HostSpec("host", identical.logicalProcessors(), identical.memoryGiB(),
                identical.storageGiB()), identical.count());
    }

    private TargetProfile profile(String id, List<Problem.FieldError> errors) {
        try {
            return profiles.get(id);
        } catch (ProblemException e) {
            if (e.type() != ProblemType.NOT_FOUND) {
                throw e;
            }
            errors.add(new Problem.FieldError("profileId", "no target profile " + id + " exists"));
            return null;
        }
    }

    private static void checkWindow(WaveRequest.Window window, List<Problem.FieldError> errors) {
        if (window == null) {
            return;
        }
        if (window.notBefore() != null && window.notAfter() != null
                && !window.notAfter().isAfter(window.notBefore())) {
            errors.add(new Problem.FieldError("window.notAfter", "must be after window.notBefore ("
                    + window.notBefore() + "); the window ends before it starts"));
        } else if (window.notAfter() != null && !window.notAfter().isAfter(Instant.now())) {
            errors.add(new Problem.FieldError("window.notAfter", "is in the past: the window has closed already"));
        }
    }

    private RetryPolicy retryPolicy(WaveRequest.Retry retry, List<Problem.FieldError> errors) {
        WaveConfig.Retry defaults = config.retry();
        int attempts = retry == null || retry.attempts() == null ? defaults.attempts() : retry.attempts();
        Duration backoff = retry == null || retry.backoff() == null ? defaults.backoff() : retry.backoff();
        Duration max = retry == null || retry.maxBackoff() == null ? defaults.maxBackoff() : retry.maxBackoff();
        if (backoff.isNegative()) {
            errors.add(new Problem.FieldError("retry.backoff", "must not be negative"));
        } else if (max.compareTo(backoff) < 0) {
            errors.add(new Problem.FieldError("retry.maxBackoff", "must be at least retry.backoff (" + backoff + ")"));
        }
        return new RetryPolicy(attempts, backoff, max.compareTo(backoff) < 0 ? backoff : max);
    }

    private WaveRequest.Limits limits(WaveRequest.Limits limits) {
        if (limits == null) {
            return new WaveRequest.Limits(config.maxJobsInFlight(), null, null, null);
        }
        return new WaveRequest.Limits(limits.jobsInFlight() == null ? config.maxJobsInFlight() : limits.jobsInFlight(),
                limits.perSourceHost(), limits.perDatastore(), limits.perTargetHost());
    }
}
