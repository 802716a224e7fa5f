package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.TargetPlatform;
import dev.ferry.scheduler.service.assessment.Severity;

/**
 * The boot disk goes on the controller the target boots from, in its first slot: IDE 0:0 on Generation 1, SCSI 0:0 on
 * Generation 2, virtio on KVM (or the emulated controller for guests without the target's drivers).
 */
final class BootBusRule extends AbstractRule {

    BootBusRule() {
        super("boot.disk-bus", Severity.WARNING, "The boot disk is not on the controller the target boots from "
                + "(Generation 1: IDE); conversion moves it to that controller's first slot (IDE 0:0).");
    }

    @Override
    public void check(RuleContext context) {
        PlanDraft.DiskDraft boot = context.plan().bootDisk();
        if (boot == null) {
            return;
        }
        DiskSlot.Bus fallback = context.profile().storage().fallbackBus();
        DiskSlot.Bus required = context.hasIntegrationServices() || fallback == null
                ? context.profile().storage().bootBus()
                : fallback;
        if (boot.bus() == required) {
            return;
        }
        DiskSlot.Bus from = boot.bus();
        boot.bus(required);
        // On Hyper-V the guest must find its boot disk behind another storage driver; on KVM conversion installs
        // the virtio driver, which is routine.
        Severity severity = context.profile().platform() == TargetPlatform.HYPERV ? Severity.WARNING : Severity.INFO;
        context.remediate(severity, "Boot disk '" + boot.label() + "' is on " + from + "; " + context.profile().name()
                + " boots from " + required + ".", "boot disk '" + boot.label() + "' moved to " + required + " 0:0");
    }
}
