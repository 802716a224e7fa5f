package dev.ferry.scheduler.service.assessment.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.DiskSlot;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.Remediation;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.profile.BusLimit;
import dev.ferry.scheduler.service.profile.DiskFormat;
import dev.ferry.scheduler.service.profile.TargetProfile;

/**
 * The conversion plan while rules work on it. It starts as a copy of the source machine (same processors, memory,
 * disks on the same kind of controller, adapters not yet mapped, the profile's preferred disk format) and rules change
 * it where the target needs something else. {@link #toPlan} numbers the controller slots and names the files.
 */
public final class PlanDraft {

    private final MachineRecord machine;
    private final TargetProfile profile;
    private final List<DiskDraft> disks = new ArrayList<>();
    private final List<NicDraft> nics = new ArrayList<>();
    private String name;
    private Firmware.Type firmware;
    private boolean secureBoot;
    private String secureBootTemplate;
    private int vcpus;
    private long memoryBytes;

    private PlanDraft(MachineRecord machine, TargetProfile profile) {
        this.machine = machine;
        this.profile = profile;
        this.name = machine.name();
        Firmware source = machine.firmware() == null ? Firmware.BIOS : machine.firmware();
        this.firmware = source.type() == null || source.type() == Firmware.Type.UNKNOWN ? Firmware.Type.BIOS
                : source.type();
        this.secureBoot = source.secureBoot();
        this.vcpus = machine.cpu() == null ? 0 : machine.cpu().count();
        this.memoryBytes = machine.memoryBytes();
        Disk boot = machine.bootDisk();
        if (boot != null) {
            disks.add(new DiskDraft(boot, profile.preferredFormat(), bus(boot.controller()), true));
        }
        for (Disk disk : machine.disks()) {
            if (disk != boot) {
                disks.add(new DiskDraft(disk, profile.preferredFormat(), bus(disk.controller()), false));
            }
        }
        for (Nic nic : machine.nics()) {
            nics.add(new NicDraft(nic, NicPlan.Kind.UNKNOWN));
        }
    }

    static PlanDraft of(MachineRecord machine, TargetProfile profile) {
        return new PlanDraft(machine, profile);
    }

    /** The name the target VM gets. */
    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public Firmware.Type firmware() {
        return firmware;
    }

    public void firmware(Firmware.Type firmware) {
        this.firmware = firmware;
    }

    public boolean secureBoot() {
        return secureBoot;
    }

    /** Turns secure boot on with {@code template} (null for the target's default), or off. */
    public void secureBoot(boolean on, String template) {
        this.secureBoot = on;
        this.secureBootTemplate = on ? template : null;
    }

    public int vcpus() {
        return vcpus;
    }

    public void vcpus(int vcpus) {
        this.vcpus = vcpus;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    /** Disks to convert, boot disk first; rules change their format and bus in place. */
    public List<DiskDraft> disks() {
        return disks;
    }

    /** Network adapters the target VM gets; rules set their kind and remove the ones beyond the limits. */
    public List<NicDraft> nics() {
        return nics;
    }

    /** The disk the target boots from, or null when there is none. */
    public DiskDraft bootDisk() {
        return disks.stream().filter(DiskDraft::boot).findFirst().orElse(null);
    }

    /** Disks planned on {@code bus}, boot disk first. */
    public List<DiskDraft> disksOn(DiskSlot.Bus bus) {
        return disks.stream().filter(disk -> disk.bus() == bus).toList();
    }

    /** Adapters planned of {@code kind}. */
    public List<NicDraft> nicsOf(NicPlan.Kind kind) {
        return nics.stream().filter(nic -> nic.kind() == kind).toList();
    }

    /** The plan a worker follows, with controller slots numbered, files named and {@code findings}' remediations. */
    public ConversionPlan toPlan(List<Finding> findings) {
        List<Remediation> remediations = findings.stream().filter(finding -> finding.remediation() != null)
                .map(finding -> new Remediation(finding.ruleId(), finding.remediation())).toList();
        return new ConversionPlan(machine.id(), name, profile.id(), profile.platform(), profile.generation(), firmware,
                secureBoot, vcpus, memoryBytes, diskPlans(), nicPlans(), remediations, secureBootTemplate);
    }

    private List<DiskPlan> diskPlans() {
        Map<DiskSlot.Bus, Integer> used = new EnumMap<>(DiskSlot.Bus.class);
        List<DiskDraft> ordered = new ArrayList<>(disks);
        // The boot disk takes the first slot of its bus (IDE 0:0, SCSI 0:0); the rest keep their source order.
        ordered.sort(Comparator.comparing(disk -> !disk.boot()));
        List<DiskPlan> plans = new ArrayList<>();
        String stem = fileStem(name);
        for (int index = 0; index < ordered.size(); index++) {
            DiskDraft draft = ordered.get(index);
            int position = used.merge(draft.bus(), 1, Integer::sum) - 1;
            BusLimit limit = profile.storage().buses().get(draft.bus());
            int perController = limit == null ? 1 : (int) Math.max(1, limit.devicesPerController().value());
            DiskSlot slot = new DiskSlot(draft.bus(), position / perController, position % perController);
            Disk source = draft.source();
            plans.add(new DiskPlan(source.key(), source.label(), source.capacityBytes(), source.content(),
                    draft.format().format(), draft.format().subformat(),
                    stem + "-disk" + index + "." + draft.format().format(), slot, draft.boot()));
        }
        return plans;
    }

    private List<NicPlan> nicPlans() {
        return nics.stream().map(nic -> new NicPlan(nic.source().label(), nic.source().macAddress(),
                nic.source().network(), nic.kind(), nic.source().adapterType())).toList();
    }

    /** A file name stem any target file system takes: letters, digits, '.', '_' and '-' only. */
    static String fileStem(String name) {
        String stem = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (stem.length() > 80) {
            stem = stem.substring(0, 80);
        }
        return stem.isEmpty() ? "vm" : stem.toLowerCase(Locale.ROOT);
    }

    private static DiskSlot.Bus bus(Disk.Controller controller) {
        if (controller == null) {
            return DiskSlot.Bus.UNKNOWN;
        }
        return switch (controller) {
            case IDE -> DiskSlot.Bus.IDE;
            case SCSI -> DiskSlot.Bus.SCSI;
            case SATA -> DiskSlot.Bus.SATA;
            case NVME, UNKNOWN -> DiskSlot.Bus.UNKNOWN;
        };
    }

    /** A disk of the draft: its source, and the format and controller kind planned for it. */
    public static final class DiskDraft {

        private final Disk source;
        private DiskFormat format;
        private DiskSlot.Bus bus;
        private boolean boot;

        DiskDraft(Disk source, DiskFormat format, DiskSlot.Bus bus, boolean boot) {
            this.source = source;
            this.format = format;
            this.bus = bus;
            this.boot = boot;
        }

        public Disk source() {
            return source;
        }

        public DiskFormat format() {
            return format;
        }

        public void format(DiskFormat format) {
            this.format = format;
        }

        public DiskSlot.Bus bus() {
            return bus;
        }

        public void bus(DiskSlot.Bus bus) {
            this.bus = bus;
        }

        public boolean boot() {
            return boot;
        }

        /** Makes this the disk the target boots from. */
        public void markBoot() {
            this.boot = true;
        }

        /** The disk's label for messages, falling back to its key. */
        public String label() {
            return source.label() != null ? source.label() : String.valueOf(source.key());
        }
    }

    /** A network adapter of the draft: its source and the kind planned for it. */
    public static final class NicDraft {

        private final Nic source;
        private NicPlan.Kind kind;

        NicDraft(Nic source, NicPlan.Kind kind) {
            this.source = source;
            this.kind = kind;
        }

        public Nic source() {
            return source;
        }

        public NicPlan.Kind kind() {
            return kind;
        }

        public void kind(NicPlan.Kind kind) {
            this.kind = kind;
        }

        /** The adapter's label for messages. */
        public String label() {
            return source.label() != null ? source.label() : String.valueOf(source.macAddress());
        }
    }
}
