package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;

/** A machine whose processor count the source did not report cannot be sized. */
final class CpuKnownRule extends AbstractRule {

    CpuKnownRule() {
        super("cpu.unknown", Severity.BLOCKER, "The source did not report how many processors the machine has.");
    }

    @Override
    public void check(RuleContext context) {
        if (context.plan().vcpus() <= 0) {
            context.report(Severity.BLOCKER, "The source reports no processors for this machine; set its processor "
                    + "count in the inventory.");
        }
    }
}
