package dev.ferry.scheduler.service.assessment.rules;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.scheduler.service.assessment.Severity;

/**
 * A rule that reports one finding when a machine matches a condition and changes nothing in the plan: hardware and
 * settings conversion cannot carry over, and things a person should know before the cut-over.
 */
class MachineCheckRule extends AbstractRule {

    private static final Set<String> PLACEHOLDER_HOST_NAMES = Set.of("localhost", "localhost.localdomain",
            "localhost6", "localhost6.localdomain6");

    private final Predicate<MachineRecord> condition;
    private final Function<MachineRecord, String> message;

    MachineCheckRule(String id, Severity severity, String description, Predicate<MachineRecord> condition,
            Function<MachineRecord, String> message) {
        super(id, severity, description);
        this.condition = condition;
        this.message = message;
    }

    @Override
    public void check(RuleContext context) {
        if (condition.test(context.machine())) {
            context.report(severity(), message.apply(context.machine()));
        }
    }

    static Rule pciPassthrough() {
        return new MachineCheckRule("device.pci-passthrough", Severity.BLOCKER, "The machine uses PCI passthrough "
                + "devices, which are tied to the source host's hardware.",
                machine -> machine.devices().pciPassthrough() > 0,
                machine -> "The machine has " + machine.devices().pciPassthrough() + " PCI passthrough device(s); "
                        + "remove them at the source (the target host has other hardware).");
    }

    static Rule sriov() {
        return new MachineCheckRule("device.sr-iov", Severity.WARNING, "The machine has SR-IOV adapters; they "
                + "become paravirtual adapters and lose their hardware offload.",
                machine -> machine.devices().sriov() > 0,
                machine -> "The machine has " + machine.devices().sriov() + " SR-IOV adapter(s); they become "
                        + "paravirtual adapters, so throughput-sensitive workloads need a check.");
    }

    static Rule usb() {
        return new MachineCheckRule("device.usb", Severity.WARNING, "The machine has a USB controller; USB devices "
                + "are not carried over.", machine -> machine.devices().usbController(),
                machine -> "The machine has a USB controller; USB devices (licence dongles, tokens) are not carried "
                        + "over and must be reached another way.");
    }

    static Rule vtpm() {
        return new MachineCheckRule("device.vtpm", Severity.WARNING, "The machine has a virtual TPM; its keys stay "
                + "behind.", machine -> machine.devices().vtpm(),
                machine -> "The machine has a virtual TPM; its keys are not carried over, so have BitLocker or "
                        + "other recovery keys at hand before the first boot on the target.");
    }

    static Rule hotPlug() {
        return new MachineCheckRule("device.hot-plug", Severity.WARNING, "CPU or memory hot-add is on; the target "
                + "VM gets fixed processors and memory.",
                machine -> machine.devices().cpuHotAdd() || machine.devices().memoryHotAdd(),
                machine -> (machine.devices().cpuHotAdd() ? "CPU" : "")
                        + (machine.devices().cpuHotAdd() && machine.devices().memoryHotAdd() ? " and " : "")
                        + (machine.devices().memoryHotAdd() ? "memory" : "")
                        + " hot-add is on at the source; the target VM gets a fixed size.");
    }

    static Rule cpuAffinity() {
        return new MachineCheckRule("device.cpu-affinity", Severity.WARNING, "CPU affinity is set; it is not carried "
                + "over.", machine -> machine.devices().cpuAffinity(),
                machine -> "CPU affinity is set at the source; it is not carried over (Hyper-V 2008 R2 offers no "
                        + "processor affinity at all).");
    }

    static Rule snapshots() {
        return new MachineCheckRule("snapshot.consolidate", Severity.WARNING, "The machine has snapshots; the "
                + "current state is converted and the snapshots are not carried over.",
                machine -> !machine.snapshots().isEmpty(),
                machine -> "The machine has " + machine.snapshots().size() + " snapshot(s); conversion reads the "
                        + "current state through the whole chain, which is slower: delete or consolidate them first.");
    }

    static Rule changedBlockTracking() {
        return new MachineCheckRule("cbt.off", Severity.WARNING, "Changed block tracking is off on a vSphere machine, "
                + "so every copy is a full copy.",
                machine -> machine.sourceKind() == SourceKind.VSPHERE
                        && Boolean.FALSE.equals(machine.changedBlockTracking()),
                machine -> "Changed block tracking is off; incremental copies are impossible, so the whole disk is "
                        + "copied during the outage.");
    }

    static Rule noIpAddress() {
        return new MachineCheckRule("network.no-ip", Severity.WARNING, "No IP address was seen on the guest.",
                machine -> machine.ipAddresses().isEmpty(),
                machine -> "No IP address was seen on the guest (tools not running, or the machine is off); "
                        + "record its addresses before the cut-over, static ones are not visible to Ferry.");
    }

    static Rule hostName() {
        return new MachineCheckRule("host-name.missing", Severity.WARNING, "The guest reports no host name, or a "
                + "placeholder such as localhost.",
                machine -> machine.hostName() == null || machine.hostName().isBlank()
                        || PLACEHOLDER_HOST_NAMES.contains(machine.hostName().strip().toLowerCase(Locale.ROOT)),
                machine -> machine.hostName() == null || machine.hostName().isBlank()
                        ? "The guest reports no host name; check the machine's identity before the cut-over."
                        : "The guest's host name is '" + machine.hostName() + "', a placeholder.");
    }
}
