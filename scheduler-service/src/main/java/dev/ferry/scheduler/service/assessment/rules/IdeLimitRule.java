package dev.ferry.scheduler.service.assessment.rules;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.events.plan.DiskSlot;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.BusLimit;

/**
 * Generation 1 has 4 IDE slots (2 controllers of 2, shared with the DVD drive): data disks beyond them move to SCSI
 * where the guest drives it; otherwise the machine has more disks than it can attach.
 */
final class IdeLimitRule extends AbstractRule {

    IdeLimitRule() {
        super("disk.ide-over-limit", Severity.BLOCKER, "More disks on IDE than the target's IDE controllers take "
                + "(Generation 1: 4, shared with the DVD drive); data disks move to SCSI where the guest can drive it.");
    }

    @Override
    public void check(RuleContext context) {
        BusLimit ide = context.profile().storage().buses().get(DiskSlot.Bus.IDE);
        List<PlanDraft.DiskDraft> onIde = context.plan().disksOn(DiskSlot.Bus.IDE);
        if (ide == null || onIde.size() <= ide.capacity()) {
            return;
        }
        DiskSlot.Bus data = context.profile().storage().dataBus();
        String count = onIde.size() + " disks are planned on IDE; " + context.profile().name() + " takes "
                + ide.capacity() + " IDE devices (" + ide.controllers().value() + " controllers of "
                + ide.devicesPerController().value() + ", shared with the DVD drive)";
        if (!context.hasIntegrationServices() || data == DiskSlot.Bus.IDE) {
            context.report(Severity.BLOCKER, count + ", and the guest has no driver for another controller.");
            return;
        }
        List<String> moved = new ArrayList<>();
        // Keep the boot disk and the first data disks on IDE, as the source had them; move the last ones.
        for (PlanDraft.DiskDraft disk : onIde.subList((int) ide.capacity(), onIde.size())) {
            disk.bus(data);
            moved.add("'" + disk.label() + "'");
        }
        context.remediate(Severity.WARNING, count + ".", "data disks " + String.join(", ", moved) + " moved from IDE to "
                + data);
    }
}
