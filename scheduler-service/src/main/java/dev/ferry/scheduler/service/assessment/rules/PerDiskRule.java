package dev.ferry.scheduler.service.assessment.rules;

import java.util.function.Function;
import java.util.function.Predicate;

import dev.ferry.events.machine.Disk;
import dev.ferry.scheduler.service.assessment.Severity;

/** A rule that reports each disk matching a condition, one finding per disk. */
class PerDiskRule extends AbstractRule {

    private final Predicate<Disk> condition;
    private final Function<PlanDraft.DiskDraft, String> message;

    PerDiskRule(String id, Severity severity, String description, Predicate<Disk> condition,
            Function<PlanDraft.DiskDraft, String> message) {
        super(id, severity, description);
        this.condition = condition;
        this.message = message;
    }

    @Override
    public void check(RuleContext context) {
        for (PlanDraft.DiskDraft disk : context.plan().disks()) {
            if (condition.test(disk.source())) {
                context.report(severity(), message.apply(disk));
            }
        }
    }

    /** Disks whose size the source did not report: their target image cannot be sized. */
    static Rule sizeUnknown() {
        return new PerDiskRule("disk.size-unknown", Severity.BLOCKER, "A disk has a size of zero or an unknown size.",
                disk -> disk.capacityBytes() <= 0,
                disk -> "Disk '" + disk.label() + "' has no size the source reports (" + disk.source().capacityBytes()
                        + " bytes).");
    }

    /** Disks with no location their bytes can be read from (an RVTools import, a disk on no datastore). */
    static Rule noSource() {
        return new PerDiskRule("disk.no-source", Severity.BLOCKER, "A disk has no location a conversion worker can "
                + "read it from (imported from a report, or not on a datastore).", disk -> disk.content() == null,
                disk -> "Disk '" + disk.label() + "' has no location Ferry can read it from; discover the machine "
                        + "from a source that reaches its disks (vCenter, an OVF/OVA, the agent).");
    }

    /** Raw device mappings: copied into an image of their full size, leaving the LUN behind. */
    static Rule rawDeviceMapping() {
        return new PerDiskRule("disk.rdm", Severity.WARNING, "A disk is a raw device mapping; it is copied into a "
                + "virtual disk of its full size.", Disk::rdm,
                disk -> "Disk '" + disk.label() + "' is a raw device mapping; it becomes a " + disk.format().format()
                        + " image of " + Sizes.of(disk.source().capacityBytes()) + " and the LUN is no longer used.");
    }

    /** Multi-writer disks: each machine gets its own copy, so clustered storage must be shared again by hand. */
    static Rule shared() {
        return new PerDiskRule("disk.shared", Severity.WARNING, "A disk is shared between machines (multi-writer); "
                + "each converted machine gets its own copy.", Disk::shared,
                disk -> "Disk '" + disk.label() + "' is shared (" + disk.source().sharing() + "); the converted VM "
                        + "gets its own copy, so a cluster that uses it must be set up with shared storage again.");
    }

    /** Independent disks: not captured by snapshots, so they change while a running machine is copied. */
    static Rule independent() {
        return new PerDiskRule("disk.independent", Severity.WARNING, "A disk is in independent mode; snapshots do "
                + "not capture it, so it is only consistent when copied with the machine off.",
                disk -> disk.mode() != null && disk.mode().independent(),
                disk -> "Disk '" + disk.label() + "' is " + disk.source().mode().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', ' ') + "; copy it with the machine powered off.");
    }
}
