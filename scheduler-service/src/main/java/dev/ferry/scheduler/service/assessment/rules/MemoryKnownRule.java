package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;

/** A machine whose memory the source did not report cannot be sized. */
final class MemoryKnownRule extends AbstractRule {

    MemoryKnownRule() {
        super("memory.unknown", Severity.BLOCKER, "The source did not report how much memory the machine has.");
    }

    @Override
    public void check(RuleContext context) {
        if (context.plan().memoryBytes() <= 0) {
            context.report(Severity.BLOCKER, "The source reports no memory for this machine; set its memory in the "
                    + "inventory.");
        }
    }
}
