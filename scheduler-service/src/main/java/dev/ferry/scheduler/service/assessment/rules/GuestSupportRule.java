package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.GuestSupport;

/** A known guest system the profile does not list as supported. */
final class GuestSupportRule extends AbstractRule {

    GuestSupportRule() {
        super("guest.unsupported", Severity.WARNING, "The guest operating system is not among those the target "
                + "supports; it may run, but without support and possibly without the target's drivers.");
    }

    @Override
    public void check(RuleContext context) {
        if (!GuestDescription.known(context.machine().guestOs())) {
            return;
        }
        String guest = GuestDescription.name(context.machine().guestOs());
        GuestSupport entry = context.guest().orElse(null);
        if (entry == null) {
            context.report(Severity.WARNING, guest + " is not a guest system " + context.profile().name()
                    + " lists.");
        } else if (!entry.isSupported()) {
            context.report(Severity.WARNING, guest + " (" + entry.name() + ") is not supported on "
                    + context.profile().name() + ".");
        }
    }
}
