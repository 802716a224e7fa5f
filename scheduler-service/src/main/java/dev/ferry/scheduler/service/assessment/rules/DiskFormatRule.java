package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.DiskFormat;

/**
 * A disk larger than the preferred format holds gets the first format the target takes that holds it (VHD stops at
 * 2,040 GB, so such a disk becomes VHDX where the target has it); where none does, it blocks.
 */
final class DiskFormatRule extends AbstractRule {

    DiskFormatRule() {
        super("disk.too-large", Severity.BLOCKER, "A disk is larger than the target's preferred image format holds; "
                + "conversion picks a larger format the target takes (VHDX for VHD), or the disk blocks.");
    }

    @Override
    public void check(RuleContext context) {
        for (PlanDraft.DiskDraft disk : context.plan().disks()) {
            long size = disk.source().capacityBytes();
            if (size <= 0 || disk.format().holds(size)) {
                continue;
            }
            DiskFormat larger = context.profile().storage().formats().stream().filter(format -> format.holds(size))
                    .findFirst().orElse(null);
            String what = "Disk '" + disk.label() + "' is " + Sizes.of(size) + "; " + disk.format().format()
                    + " holds at most " + Sizes.gib(disk.format().maxSizeGiB().value());
            if (larger == null) {
                context.report(Severity.BLOCKER, what + " and " + context.profile().name()
                        + " takes no format that holds it.");
            } else {
                String from = disk.format().format();
                disk.format(larger);
                context.remediate(Severity.INFO, what + ".", "disk '" + disk.label() + "' written as "
                        + larger.format() + " instead of " + from);
            }
        }
    }
}
