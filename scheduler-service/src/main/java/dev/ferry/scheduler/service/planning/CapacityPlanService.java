package dev.ferry.scheduler.service.planning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.scheduler.config.SchedulerConfig;
import dev.ferry.scheduler.model.Assessment;
import dev.ferry.scheduler.model.CapacityPlan;
import dev.ferry.scheduler.model.JsonColumns;
import dev.ferry.scheduler.service.assessment.AssessmentService;
import dev.ferry.scheduler.service.assessment.MachineAssessment;
import dev.ferry.scheduler.service.profile.TargetProfile;

/** Makes and keeps capacity plans: places an assessment's machines on hosts within its profile's per-host limits. */
@ApplicationScoped
public class CapacityPlanService {

    @Inject
    AssessmentService assessments;

    @Inject
    CapacityPlanner planner;

    @Inject
    SchedulerConfig config;

    /** Places the machines of the request's assessment and stores the plan; 400 when the hosts are not given once. */
    @Transactional
    public CapacityPlanReport create(CapacityPlanRequest request) {
        HostPool pool = pool(request);
        Assessment assessment = assessments.find(request.assessmentId());
        TargetProfile profile = assessments.storedProfile(assessment);
        double ratio = request.vcpuPerLogicalProcessor() != null ? request.vcpuPerLogicalProcessor()
                : profile.host().vcpuPerLogicalProcessor() != null ? profile.host().vcpuPerLogicalProcessor().value()
                        : config.planning().vcpuPerLogicalProcessor();
        double headroom = request.headroomPercent() != null ? request.headroomPercent()
                : config.planning().headroomPercent();
        List<MachineDemand> demands = new ArrayList<>();
        List<Unplaced> notReady = new ArrayList<>();
        for (MachineAssessment machine : assessments.machines(assessment.id)) {
            if (machine.convertible() || request.includeNotReady()) {
                demands.add(MachineDemand.of(machine.plan()));
            } else {
                notReady.add(new Unplaced(machine.machineId(), machine.name(),
                        "not ready for " + profile.id() + " (see its assessment findings)"));
            }
        }
        Placement placed = planner.place(demands, pool, profile.host(), new PlanningOptions(headroom, ratio));
        List<Unplaced> unplaced = new ArrayList<>(placed.unplaced());
        unplaced.addAll(notReady);
        Placement placement = new Placement(placed.hostsNeeded(), placed.lowerBound(), placed.boundingDimension(),
                placed.hosts(), unplaced, placed.assumptions());

        CapacityPlan plan = new CapacityPlan();
        plan.id = UUID.randomUUID();
        plan.assessmentId = assessment.id;
        plan.createdAt = Instant.now();
        CapacityPlanReport report = new CapacityPlanReport(plan.id, assessment.id, profile.id(), headroom, ratio,
                placement, plan.createdAt);
        plan.request = JsonColumns.write(request);
        plan.placement = JsonColumns.write(report);
        plan.persist();
        return report;
    }

    /** A stored plan; 404 when there is none. */
    public CapacityPlanReport get(UUID id) {
        CapacityPlan plan = CapacityPlan.findById(id);
        if (plan == null) {
            throw ProblemException.notFound("capacity plan", id);
        }
        return JsonColumns.read(plan.placement, CapacityPlanReport.class);
    }

    private static HostPool pool(CapacityPlanRequest request) {
        boolean identical = request.identicalHosts() != null;
        boolean listed = request.hosts() != null && !request.hosts().isEmpty();
        if (identical == listed) {
            throw ProblemException.invalid("give either identicalHosts or hosts, not both and not neither");
        }
        if (listed) {
            return HostPool.of(request.hosts());
        }
        CapacityPlanRequest.IdenticalHosts hosts = request.identicalHosts();
        return HostPool.identical(new HostSpec("host", hosts.logicalProcessors(), hosts.memoryGiB(),
                hosts.storageGiB()), hosts.count());
    }
}
