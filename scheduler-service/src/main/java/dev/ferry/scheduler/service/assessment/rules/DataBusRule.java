package dev.ferry.scheduler.service.assessment.rules;

import java.util.Set;

import dev.ferry.events.plan.DiskSlot;
import dev.ferry.scheduler.service.assessment.Severity;

/**
 * Data disks on a controller the target lacks (SATA or NVMe on Hyper-V, SCSI on KVM), or that the guest cannot drive
 * (SCSI without integration services), move to one it has and the guest drives.
 */
final class DataBusRule extends AbstractRule {

    DataBusRule() {
        super("disk.bus-mapped", Severity.INFO, "A data disk is on a controller the target lacks or the guest cannot "
                + "drive there; conversion attaches it to the target's data controller.");
    }

    @Override
    public void check(RuleContext context) {
        DiskSlot.Bus fallback = context.profile().storage().fallbackBus();
        boolean drivers = context.hasIntegrationServices() || fallback == null;
        Set<DiskSlot.Bus> usable = drivers ? context.profile().storage().buses().keySet() : Set.of(fallback);
        DiskSlot.Bus target = drivers ? context.profile().storage().dataBus() : fallback;
        for (PlanDraft.DiskDraft disk : context.plan().disks()) {
            if (disk.boot() || usable.contains(disk.bus())) {
                continue;
            }
            DiskSlot.Bus from = disk.bus();
            disk.bus(target);
            context.remediate(Severity.INFO, "Disk '" + disk.label() + "' is on " + from + ", which "
                    + (drivers ? context.profile().name() + " does not offer." : "the guest cannot drive there."),
                    "disk '" + disk.label() + "' moved from " + from + " to " + target);
        }
    }
}
