package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;

/** A machine must have a disk to boot from: with none marked, the first disk is taken; with no disks, it blocks. */
final class BootDiskRule extends AbstractRule {

    BootDiskRule() {
        super("boot.disk-missing", Severity.BLOCKER, "The source marks no boot disk (the first disk is taken), or "
                + "the machine has no disks at all.");
    }

    @Override
    public void check(RuleContext context) {
        PlanDraft plan = context.plan();
        if (plan.bootDisk() != null) {
            return;
        }
        if (plan.disks().isEmpty()) {
            context.report(Severity.BLOCKER, "The machine has no disks, so there is nothing to convert or boot from.");
            return;
        }
        PlanDraft.DiskDraft first = plan.disks().get(0);
        first.markBoot();
        context.remediate(Severity.WARNING, "The source does not say which disk the machine boots from.",
                "disk '" + first.label() + "' taken as the boot disk");
    }
}
