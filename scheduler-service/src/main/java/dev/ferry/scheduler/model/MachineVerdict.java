package dev.ferry.scheduler.model;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.Readiness;

/**
 * What an assessment said of a machine: its readiness, the findings and the conversion plan. An assessed machine
 * holds one; a job keeps a copy of the one it was submitted with, whatever later assessments say.
 */
@Embeddable
public class MachineVerdict {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Readiness readiness;

    /** The findings (JSON array). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String findings;

    /** The conversion plan a worker follows (JSON). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String plan;

    public static MachineVerdict of(Readiness readiness, List<Finding> findings, ConversionPlan plan) {
        MachineVerdict verdict = new MachineVerdict();
        verdict.readiness = readiness;
        verdict.findings = JsonColumns.write(findings);
        verdict.plan = JsonColumns.write(plan);
        return verdict;
    }

    public List<Finding> findingList() {
        return List.of(JsonColumns.read(findings, Finding[].class));
    }

    public ConversionPlan conversionPlan() {
        return JsonColumns.read(plan, ConversionPlan.class);
    }
}
