package dev.ferry.scheduler.service.assessment;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.ferry.api.paging.Page;
import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.model.AssessedMachine;
import dev.ferry.scheduler.model.Assessment;
import dev.ferry.scheduler.model.JsonColumns;
import dev.ferry.scheduler.model.MachineVerdict;
import dev.ferry.scheduler.service.MachineCatalog;
import dev.ferry.scheduler.service.profile.ProfileCatalog;
import dev.ferry.scheduler.service.profile.ProfileMapper;
import dev.ferry.scheduler.service.profile.TargetProfile;
import io.quarkus.panache.common.Sort;

/**
 * Assesses machines against target profiles: on the fly for callers that hold the machines ({@link #assess}), or as
 * stored assessments that select machines from the scheduler's catalog and can be run again.
 */
@ApplicationScoped
public class AssessmentService {

    private final Assessor assessor = new Assessor();

    @Inject
    ProfileCatalog profiles;

    @Inject
    MachineCatalog machines;

    /**
     * The verdict on each of {@code machines} for {@code profile}, in the same order; nothing is stored.
     *
     * @return per machine its readiness, findings and the conversion plan a worker follows
     */
    public List<MachineAssessment> assess(List<MachineRecord> machines, TargetProfile profile) {
        return machines.stream().map(machine -> assessor.assess(machine, profile)).toList();
    }

    /** Assesses the machines {@code selection} names against profile {@code profileId} and stores the result. */
    @Transactional
    public AssessmentReport create(MachineSelection selection, String profileId) {
        TargetProfile profile = profiles.get(profileId);
        Assessment assessment = new Assessment();
        assessment.id = UUID.randomUUID();
        assessment.profileId = profileId;
        assessment.selection = JsonColumns.write(selection);
        assessment.createdAt = Instant.now();
        assessment.runs = 0;
        List<MachineRecord> selected = machines.select(selection);
        refuseEmpty(selection, selected);
        List<MachineAssessment> results = run(assessment, selected, profile);
        assessment.persist();
        store(assessment.id, results);
        return report(assessment, profile, selection, results);
    }

    /** Assesses again: selects the machines anew and uses the profile as it is now. */
    @Transactional
    public AssessmentReport rerun(UUID id) {
        Assessment assessment = find(id);
        TargetProfile profile = profiles.get(assessment.profileId);
        MachineSelection selection = JsonColumns.read(assessment.selection, MachineSelection.class);
        AssessedMachine.delete("assessmentId", id);
        AssessedMachine.getEntityManager().flush();
        List<MachineAssessment> results = run(assessment, machines.select(selection), profile);
        store(id, results);
        return report(assessment, profile, selection, results);
    }

    /** A stored assessment with every machine's verdict; 404 when there is none. */
    public AssessmentReport get(UUID id) {
        Assessment assessment = find(id);
        return report(assessment, storedProfile(assessment), JsonColumns.read(assessment.selection, MachineSelection.class),
                machines(id));
    }

    /** The profile a stored assessment last ran with. */
    public TargetProfile storedProfile(Assessment assessment) {
        try {
            return ProfileMapper.json().readValue(assessment.profile, TargetProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored profile of assessment " + assessment.id + " is unreadable", e);
        }
    }

    /** Stored assessments, newest first, without their machines. */
    public Page<AssessmentReport> list(int page, int size) {
        var query = Assessment.<Assessment> findAll(Sort.descending("createdAt").and("id"));
        List<AssessmentReport> items = query.page(page, size).list().stream()
                .map(assessment -> report(assessment, storedProfile(assessment),
                        JsonColumns.read(assessment.selection, MachineSelection.class), null))
                .toList();
        return new Page<>(items, page, size, query.count());
    }

    /** The stored verdicts of assessment {@code id}, sorted by machine name; 404 when there is none. */
    public List<MachineAssessment> machines(UUID id) {
        find(id);
        return AssessedMachine.<AssessedMachine> list("assessmentId", Sort.by("position"), id).stream()
                .map(AssessmentService::toAssessment).toList();
    }

    /** The stored assessment entity; 404 when there is none. */
    public Assessment find(UUID id) {
        Assessment assessment = Assessment.findById(id);
        if (assessment == null) {
            throw ProblemException.notFound("assessment", id);
        }
        return assessment;
    }

    /** A new assessment must select something: unknown ids and selections that match nothing are refused. */
    private static void refuseEmpty(MachineSelection selection, List<MachineRecord> selected) {
        if (selection.byIds()) {
            Set<String> found = selected.stream().map(MachineRecord::id).collect(Collectors.toSet());
            List<String> unknown = selection.machineIds().stream().map(UUID::toString)
                    .filter(id -> !found.contains(id)).limit(20).toList();
            if (!unknown.isEmpty()) {
                throw ProblemException.invalidFields("the scheduler knows no machine with some of these ids",
                        List.of(new Problem.FieldError("machines.machineIds", "unknown: " + String.join(", ",
                                unknown))));
            }
        }
        if (selected.isEmpty()) {
            throw ProblemException.invalid("the selection matches no machine the scheduler knows");
        }
    }

    private List<MachineAssessment> run(Assessment assessment, List<MachineRecord> selected, TargetProfile profile) {
        List<MachineAssessment> results = assess(selected, profile);
        assessment.profile = writeProfile(profile);
        assessment.summary = JsonColumns.write(AssessmentSummary.of(results));
        assessment.runs++;
        assessment.assessedAt = Instant.now();
        return results;
    }

    private static void store(UUID assessmentId, List<MachineAssessment> results) {
        for (int position = 0; position < results.size(); position++) {
            MachineAssessment result = results.get(position);
            AssessedMachine row = new AssessedMachine();
            row.assessmentId = assessmentId;
            row.position = position;
            row.machineId = UUID.fromString(result.machineId());
            row.name = result.name() == null ? "" : result.name();
            row.verdict = MachineVerdict.of(result.readiness(), result.findings(), result.plan());
            row.persist();
        }
    }

    private static AssessmentReport report(Assessment assessment, TargetProfile profile, MachineSelection selection,
            List<MachineAssessment> results) {
        return new AssessmentReport(assessment.id, assessment.profileId, profile.name(), selection, assessment.runs,
                assessment.createdAt, assessment.assessedAt, JsonColumns.read(assessment.summary, AssessmentSummary.class),
                results);
    }

    private static MachineAssessment toAssessment(AssessedMachine row) {
        return new MachineAssessment(row.machineId.toString(), row.name, row.verdict.readiness,
                row.verdict.findingList(), row.verdict.conversionPlan());
    }

    private static String writeProfile(TargetProfile profile) {
        try {
            return ProfileMapper.json().writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store profile " + profile.id(), e);
        }
    }
}
