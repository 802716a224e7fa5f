package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;

/** Generation 2 runs 64-bit guests only. */
final class Guest32BitRule extends AbstractRule {

    Guest32BitRule() {
        super("guest.32-bit", Severity.BLOCKER, "The target runs 64-bit guests only (Hyper-V Generation 2) and the "
                + "guest is 32-bit.");
    }

    @Override
    public void check(RuleContext context) {
        if (context.profile().boot().requires64BitGuest()
                && GuestDescription.thirtyTwoBit(context.machine().guestOs())) {
            String other = context.profile().boot().otherGeneration();
            context.report(Severity.BLOCKER, GuestDescription.name(context.machine().guestOs())
                    + " is a 32-bit guest; " + context.profile().name() + " runs 64-bit guests only"
                    + (other == null ? "." : "; assess it against " + other + "."));
        }
    }
}
