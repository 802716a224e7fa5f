package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.plan.TargetPlatform;
import dev.ferry.scheduler.service.assessment.Severity;

/**
 * Secure Boot follows the source: kept on where the target has it (Linux guests on Hyper-V need the Microsoft UEFI
 * CA template), turned off where it has none, and left off when the source had it off, even though Hyper-V turns it
 * on for new Generation 2 VMs, because a guest that never booted with it may not be signed.
 */
final class SecureBootRule extends AbstractRule {

    static final String WINDOWS_TEMPLATE = "MicrosoftWindows";
    static final String LINUX_TEMPLATE = "MicrosoftUEFICertificateAuthority";

    SecureBootRule() {
        super("firmware.secure-boot", Severity.WARNING, "Secure Boot is kept as on the source where the target offers it "
                + "(with the UEFI CA template for Linux on Hyper-V), and turned off, with a warning, where it does "
                + "not.");
    }

    @Override
    public void check(RuleContext context) {
        PlanDraft plan = context.plan();
        boolean hyperV = context.profile().platform() == TargetPlatform.HYPERV;
        if (plan.firmware() != Firmware.Type.EFI) {
            plan.secureBoot(false, null);
            return;
        }
        boolean sourceOn = context.machine().firmware() != null && context.machine().firmware().secureBoot();
        if (!sourceOn) {
            plan.secureBoot(false, null);
            if (hyperV && context.profile().boot().secureBoot()) {
                context.remediate(Severity.INFO, "Secure Boot is off on the source; it stays off although Hyper-V "
                        + "turns it on for new Generation 2 VMs.", "Secure Boot off");
            }
            return;
        }
        if (!context.profile().boot().secureBoot()) {
            plan.secureBoot(false, null);
            context.remediate(Severity.WARNING, "Secure Boot is on at the source; " + context.profile().name()
                    + " has no Secure Boot.", "Secure Boot off");
            return;
        }
        if (!hyperV) {
            plan.secureBoot(true, null);
            return;
        }
        boolean linux = context.machine().guestOs() != null
                && context.machine().guestOs().family() == OsFamily.LINUX;
        plan.secureBoot(true, linux ? LINUX_TEMPLATE : WINDOWS_TEMPLATE);
        if (linux) {
            context.remediate(Severity.INFO, "Secure Boot stays on; a Linux guest on Hyper-V needs the Microsoft "
                    + "UEFI Certificate Authority template.", "Secure Boot template " + LINUX_TEMPLATE);
        }
    }
}
