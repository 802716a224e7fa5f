package dev.ferry.scheduler.service.assessment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ferry.api.paging.Page;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.EventCodec;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.scheduler.model.AssessedMachine;
import dev.ferry.scheduler.model.Assessment;
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

    private static final ObjectMapper JSON = EventCodec.mapper();

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
        assessment.selection = write(selection);
        assessment.createdAt = Instant.now();
        assessment.runs = 0;
        List<MachineAssessment> results = run(assessment, selection, profile);
        assessment.persist();
        store(assessment.id, results);
        return report(assessment, profile, selection, results);
    }

    /** Assesses again: selects the machines anew and uses the profile as it is now. */
    @Transactional
    public AssessmentReport rerun(UUID id) {
        Assessment assessment = find(id);
        TargetProfile profile = profiles.get(assessment.profileId);
        MachineSelection selection = read(assessment.selection, MachineSelection.class);
        AssessedMachine.delete("assessmentId", id);
        AssessedMachine.getEntityManager().flush();
        List<MachineAssessment> results = run(assessment, selection, profile);
        store(id, results);
        return report(assessment, profile, selection, results);
    }

    /** A stored assessment with every machine's verdict; 404 when there is none. */
    public AssessmentReport get(UUID id) {
        Assessment assessment = find(id);
        return report(assessment, storedProfile(assessment), read(assessment.selection, MachineSelection.class),
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
                        read(assessment.selection, MachineSelection.class), null))
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

    private List<MachineAssessment> run(Assessment assessment, MachineSelection selection, TargetProfile profile) {
        List<MachineAssessment> results = assess(machines.select(selection), profile);
        assessment.profile = writeProfile(profile);
        assessment.summary = write(AssessmentSummary.of(results));
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
            row.readiness = result.readiness();
            row.findings = write(result.findings());
            row.plan = write(result.plan());
            row.persist();
        }
    }

    private static AssessmentReport report(Assessment assessment, TargetProfile profile, MachineSelection selection,
            List<MachineAssessment> results) {
        return new AssessmentReport(assessment.id, assessment.profileId, profile.name(), selection, assessment.runs,
                assessment.createdAt, assessment.assessedAt, read(assessment.summary, AssessmentSummary.class),
                results);
    }

    private static MachineAssessment toAssessment(AssessedMachine row) {
        List<Finding> findings = List.of(read(row.findings, Finding[].class));
        return new MachineAssessment(row.machineId.toString(), row.name, row.readiness, findings,
                read(row.plan, ConversionPlan.class));
    }

    private static String writeProfile(TargetProfile profile) {
        try {
            return ProfileMapper.json().writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store profile " + profile.id(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
