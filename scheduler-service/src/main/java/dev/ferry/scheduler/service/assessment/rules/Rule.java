package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;

/**
 * One check of a machine against a target profile. A rule reports findings under its own id and, where conversion can
 * fix what it found, changes the plan draft and says so in the finding's remediation. Rules run in catalogue order,
 * so a rule sees the changes of the rules before it.
 */
public interface Rule {

    /** Stable id, used in findings, summaries and exports ("cpu.over-cap"). */
    String id();

    /** The most severe finding the rule can raise. */
    Severity severity();

    /** What the rule checks and what conversion does about it, in a sentence. */
    String description();

    /** Checks {@code context}'s machine, reporting findings and changing its plan draft where it remediates. */
    void check(RuleContext context);
}
