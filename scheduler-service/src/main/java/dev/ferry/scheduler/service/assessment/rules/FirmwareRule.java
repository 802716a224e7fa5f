package dev.ferry.scheduler.service.assessment.rules;

import dev.ferry.events.machine.Firmware;
import dev.ferry.scheduler.service.assessment.Severity;

/**
 * The target VM must boot the way the source does: UEFI needs Generation 2 (none on a Generation 1-only host such as
 * 2008 R2), BIOS needs Generation 1. Converting a guest's boot disk between MBR/BIOS and GPT/UEFI is a change inside
 * the guest that Ferry does not make.
 */
final class FirmwareRule extends AbstractRule {

    FirmwareRule() {
        super("firmware.unsupported", Severity.BLOCKER, "The source boots with firmware the target's generation "
                + "does not offer (UEFI on Generation 1, BIOS on Generation 2); the other generation's profile is "
                + "named where the host has one.");
    }

    @Override
    public void check(RuleContext context) {
        Firmware.Type firmware = context.plan().firmware();
        if (context.profile().boot().firmwares().contains(firmware)) {
            return;
        }
        String other = context.profile().boot().otherGeneration();
        String message = firmware == Firmware.Type.EFI
                ? "The machine boots with UEFI; " + context.profile().name() + " boots with BIOS only"
                        + (other == null ? " and the host offers no Generation 2."
                                : ": assess it against " + other
                                        + ".")
                : "The machine boots with BIOS; " + context.profile().name() + " boots with UEFI only"
                        + (other == null ? "." : ": assess it against " + other)
                        + ", or convert the guest's boot disk to GPT first (MBR2GPT for Windows).";
        context.report(Severity.BLOCKER, message);
    }
}
