package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.Limit;
import dev.ferry.scheduler.service.profile.TargetProfile;

/** A boot disk larger than the target's firmware boots from in full (Generation 1: 2 TB). */
final class BootDiskSizeRule extends AbstractRule {

    BootDiskSizeRule() {
        super("boot.disk-too-large", Severity.WARNING, "The boot disk is larger than the target boots from in full "
                + "(Generation 1: 2 TB); partitions beyond that cannot hold what the guest boots from.");
    }

    @Override
    public void check(RuleContext context) {
        PlanDraft.DiskDraft boot = context.plan().bootDisk();
        Limit limit = context.profile().boot().maxBootDiskGiB();
        if (boot == null || limit == null || boot.source().capacityBytes() <= limit.value() * TargetProfile.GIB) {
            return;
        }
        context.report(Severity.WARNING, "Boot disk '" + boot.label() + "' is " + Sizes.of(boot.source()
                .capacityBytes()) + "; " + context.profile().name() + " boots from the first "
                + Sizes.gib(limit.value()) + " only, so the boot partitions must lie within them.");
    }
}
