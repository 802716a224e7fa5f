package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.GuestSupport;
import dev.ferry.scheduler.service.profile.Limit;

/** More virtual processors than the target allows per VM, or than the guest supports there: capped. */
final class CpuCapRule extends AbstractRule {

    CpuCapRule() {
        super("cpu.over-cap", Severity.WARNING, "The machine has more virtual processors than the target allows per "
                + "VM or the guest supports on it; conversion caps them.");
    }

    @Override
    public void check(RuleContext context) {
        int vcpus = context.plan().vcpus();
        Limit vmCap = context.profile().vm().virtualProcessors();
        Limit guestCap = context.guest().map(GuestSupport::maxVirtualProcessors).orElse(null);
        boolean guestBinds = guestCap != null && guestCap.value() < vmCap.value();
        Limit cap = guestBinds ? guestCap : vmCap;
        if (cap.allows(vcpus)) {
            return;
        }
        String why = guestBinds
                ? context.guest().get().name() + " supports " + cap.describe() + " on " + context.profile().name()
                : context.profile().name() + " allows " + cap.describe() + " per VM";
        context.plan().vcpus((int) cap.value());
        context.remediate(Severity.WARNING, "The machine has " + vcpus + " virtual processors; " + why + ".",
                "vCPUs capped from " + vcpus + " to " + cap.value());
    }
}
