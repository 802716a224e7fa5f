package dev.ferry.scheduler.service.assessment.rules;

import java.util.Map;
import java.util.TreeMap;

import dev.ferry.events.plan.DiskSlot;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.BusLimit;

/** More disks on a controller kind than the target attaches (Hyper-V SCSI: 4 controllers of 64 disks). */
final class BusLimitRule extends AbstractRule {

    BusLimitRule() {
        super("disk.too-many", Severity.BLOCKER, "More disks than the target's controllers take (Hyper-V SCSI: 4 "
                + "controllers of 64), or a disk on a controller the target does not have.");
    }

    @Override
    public void check(RuleContext context) {
        Map<DiskSlot.Bus, Integer> counts = new TreeMap<>();
        context.plan().disks().forEach(disk -> counts.merge(disk.bus(), 1, Integer::sum));
        counts.forEach((bus, count) -> {
            BusLimit limit = context.profile().storage().buses().get(bus);
            if (limit == null) {
                context.report(Severity.BLOCKER, count + " disk(s) are on a " + bus + " controller, which "
                        + context.profile().name() + " does not have.");
            } else if (count > limit.capacity()) {
                context.report(Severity.BLOCKER, count + " disks are planned on " + bus + "; "
                        + context.profile().name() + " takes " + limit.capacity() + " (" + limit.controllers().value()
                        + " controllers of " + limit.devicesPerController().value() + ").");
            }
        });
    }
}
