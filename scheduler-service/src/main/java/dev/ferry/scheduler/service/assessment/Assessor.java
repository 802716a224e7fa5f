package dev.ferry.scheduler.service.assessment;

import java.util.List;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.service.assessment.rules.Rule;
import dev.ferry.scheduler.service.assessment.rules.RuleCatalog;
import dev.ferry.scheduler.service.assessment.rules.RuleContext;
import dev.ferry.scheduler.service.profile.TargetProfile;

/** Runs the rule catalogue over a machine and turns what the rules found and changed into a verdict and a plan. */
public final class Assessor {

    private final List<Rule> rules;

    /** An assessor with every rule of the catalogue. */
    public Assessor() {
        this(RuleCatalog.rules());
    }

    /** An assessor with only {@code rules}, in that order. */
    public Assessor(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The verdict on {@code machine} for {@code profile}. */
    public MachineAssessment assess(MachineRecord machine, TargetProfile profile) {
        RuleContext context = RuleContext.of(machine, profile);
        rules.forEach(context::run);
        List<Finding> findings = context.findings();
        return new MachineAssessment(machine.id(), machine.name(), Readiness.of(findings), findings,
                context.plan().toPlan(findings));
    }
}
