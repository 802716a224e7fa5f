package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;

/** The source does not say which guest system runs, so support and drivers cannot be checked. */
final class GuestUnknownRule extends AbstractRule {

    GuestUnknownRule() {
        super("guest.unknown", Severity.WARNING, "The source does not report the guest operating system; support "
                + "cannot be checked and the plan uses emulated devices that any guest can drive.");
    }

    @Override
    public void check(RuleContext context) {
        if (!GuestDescription.known(context.machine().guestOs())) {
            context.report(Severity.WARNING, "The guest operating system is unknown (no guest id or family from the "
                    + "source), so Ferry cannot tell whether " + context.profile().name() + " supports it.");
        }
    }
}
