package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.Limit;
import dev.ferry.scheduler.service.profile.TargetProfile;

/**
 * More memory than the target allows per VM. A blocker rather than a cap: cutting memory under what a workload was
 * sized for fails in ways nobody sees at conversion time, so a person decides.
 */
final class MemoryCapRule extends AbstractRule {

    MemoryCapRule() {
        super("memory.over-cap", Severity.BLOCKER, "The machine has more memory than the target allows per VM; "
                + "reduce it at the source (conversion does not cut memory).");
    }

    @Override
    public void check(RuleContext context) {
        long memory = context.plan().memoryBytes();
        Limit cap = context.profile().vm().memoryGiB();
        if (memory > cap.value() * TargetProfile.GIB) {
            context.report(Severity.BLOCKER, "The machine has " + Sizes.of(memory) + " of memory; "
                    + context.profile().name() + " allows " + Sizes.gib(cap.value()) + " per VM.");
        }
    }
}
