package dev.ferry.scheduler.service.assessment.rules;

import java.util.List;

/**
 * Every assessment rule, in the order they run: naming and guest checks first, then firmware, processors and memory,
 * disks (known, readable, sized and formatted before the boot disk and controllers are placed), network adapters,
 * and last the checks that only report. A rule sees the plan as the rules before it left it.
 */
public final class RuleCatalog {

    private static final List<Rule> RULES = List.of(
            new NameRule(),
            new GuestUnknownRule(),
            new GuestSupportRule(),
            new GuestDriversRule(),
            new Guest32BitRule(),
            new FirmwareRule(),
            new SecureBootRule(),
            new CpuKnownRule(),
            new CpuCapRule(),
            new MemoryKnownRule(),
            new MemoryCapRule(),
            PerDiskRule.sizeUnknown(),
            PerDiskRule.noSource(),
            PerDiskRule.rawDeviceMapping(),
            PerDiskRule.shared(),
            PerDiskRule.independent(),
            new DiskFormatRule(),
            new BootDiskRule(),
            new BootDiskSizeRule(),
            new BootBusRule(),
            new DataBusRule(),
            new IdeLimitRule(),
            new BusLimitRule(),
            new NicAdapterRule(),
            new NicLimitRule(),
            MachineCheckRule.pciPassthrough(),
            MachineCheckRule.sriov(),
            MachineCheckRule.usb(),
            MachineCheckRule.vtpm(),
            MachineCheckRule.hotPlug(),
            MachineCheckRule.cpuAffinity(),
            MachineCheckRule.snapshots(),
            MachineCheckRule.changedBlockTracking(),
            MachineCheckRule.noIpAddress(),
            MachineCheckRule.hostName());

    private RuleCatalog() {
    }

    /** The rules in the order they run. */
    public static List<Rule> rules() {
        return RULES;
    }

    /** The rule with {@code id}, or null. */
    public static Rule byId(String id) {
        return RULES.stream().filter(rule -> rule.id().equals(id)).findFirst().orElse(null);
    }
}
