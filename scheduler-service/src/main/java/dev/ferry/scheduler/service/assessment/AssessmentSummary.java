package dev.ferry.scheduler.service.assessment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts over an assessment's machines.
 *
 * @param machines machines assessed
 * @param byReadiness machines per readiness (every readiness present, zero included)
 * @param byRule per rule that fired: its severity and how many machines it fired on, most frequent first
 */
public record AssessmentSummary(int machines, Map<Readiness, Integer> byReadiness, List<RuleCount> byRule) {

    /**
     * How often one rule fired.
     *
     * @param ruleId the rule
     * @param severity the most severe finding it reported
     * @param machines machines it reported on
     */
    public record RuleCount(String ruleId, Severity severity, int machines) {
    }

    /** Counts over {@code assessments}. */
    public static AssessmentSummary of(List<MachineAssessment> assessments) {
        Map<Readiness, Integer> byReadiness = new EnumMap<>(Readiness.class);
        for (Readiness readiness : Readiness.values()) {
            byReadiness.put(readiness, 0);
        }
        Map<String, RuleCount> byRule = new LinkedHashMap<>();
        for (MachineAssessment assessment : assessments) {
            byReadiness.merge(assessment.readiness(), 1, Integer::sum);
            Map<String, Severity> fired = new LinkedHashMap<>();
            assessment.findings().forEach(finding -> fired.merge(finding.ruleId(), finding.severity(),
                    (a, b) -> a.compareTo(b) >= 0 ? a : b));
            fired.forEach((rule, severity) -> byRule.merge(rule, new RuleCount(rule, severity, 1),
                    (a, b) -> new RuleCount(rule, a.severity().compareTo(b.severity()) >= 0 ? a.severity()
                            : b.severity(), a.machines() + 1)));
        }
        List<RuleCount> counts = new ArrayList<>(byRule.values());
        counts.sort(Comparator.comparingInt(RuleCount::machines).reversed().thenComparing(RuleCount::ruleId));
        return new AssessmentSummary(assessments.size(), byReadiness, counts);
    }
}
