package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.events.plan.TargetPlatform;
import dev.ferry.scheduler.service.assessment.Severity;

/**
 * A guest without the target's paravirtual drivers (Hyper-V integration services, VMBus) gets emulated devices only:
 * legacy NICs and IDE disks on Generation 1. Generation 2 has no emulated devices, so such a guest cannot run there.
 */
final class GuestDriversRule extends AbstractRule {

    GuestDriversRule() {
        super("guest.no-integration-services", Severity.BLOCKER, "The guest lacks the target's paravirtual drivers "
                + "(Hyper-V integration services); it gets emulated NICs and disks, or cannot run where the target "
                + "has none (Generation 2).");
    }

    @Override
    public void check(RuleContext context) {
        if (context.hasIntegrationServices()) {
            return;
        }
        String drivers = context.profile().platform() == TargetPlatform.HYPERV ? "Hyper-V integration services"
                : "virtio drivers";
        String guest = GuestDescription.name(context.machine().guestOs());
        if (context.profile().storage().fallbackBus() == null || context.profile().network().fallbackAdapter() == null) {
            context.report(Severity.BLOCKER, "Ferry knows of no " + drivers + " for " + guest + ", and "
                    + context.profile().name() + " has no emulated disk controller or network adapter to fall back "
                    + "on" + otherGeneration(context) + ".");
            return;
        }
        context.report(Severity.WARNING, "Ferry knows of no " + drivers + " for " + guest
                + "; the VM gets emulated devices (disks on " + context.profile().storage().fallbackBus()
                + ", " + Kinds.name(context.profile().network().fallbackAdapter())
                + " network adapters), which are slower.");
    }

    private static String otherGeneration(RuleContext context) {
        String other = context.profile().boot().otherGeneration();
        return other == null ? "" : "; assess it against " + other;
    }
}
