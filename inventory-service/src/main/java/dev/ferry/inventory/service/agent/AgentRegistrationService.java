package dev.ferry.inventory.service.agent;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.api.problem.Problem;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.machine.Cpu;
import dev.ferry.events.machine.Disk;
import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.DiskMode;
import dev.ferry.events.machine.ExternalIds;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.machine.Nic;
import dev.ferry.events.machine.PowerState;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.model.Machine;
import dev.ferry.inventory.service.MachineService;
import dev.ferry.inventory.service.discovery.DiscoveredMachine;
import dev.ferry.inventory.service.discovery.DiskOrder;
import dev.ferry.inventory.service.discovery.GuestOsClassifier;

/**
 * Registers physical hosts that ferry-agent describes: the token names the source, the host's BIOS UUID (or
 * machine-id) names the machine, so a host that registers again is updated in place.
 */
@ApplicationScoped
public class AgentRegistrationService {

    @Inject
    RegistrationTokenService tokens;

    @Inject
    MachineService machines;

    /**
     * A registered host.
     *
     * @param created whether the host is new to the inventory
     */
    public record Registration(UUID machineId, UUID sourceId, boolean created) {
    }

    public Registration register(String token, AgentFacts facts) {
        UUID sourceId = tokens.sourceOf(token);
        DiscoveredMachine machine = machine(sourceId, facts);
        MachineService.StoreOutcome outcome = machines.storeDiscovered(sourceId, List.of(machine), Instant.now());
        Machine stored = Machine.find("sourceId = ?1 and externalKey = ?2", sourceId, machine.externalKey())
                .firstResult();
        return new Registration(stored.id, sourceId, outcome.created() > 0);
    }

    static DiscoveredMachine machine(UUID sourceId, AgentFacts facts) {
        String key = facts.biosUuid() != null && !facts.biosUuid().isBlank()
                ? facts.biosUuid().toLowerCase(Locale.ROOT)
                : facts.machineId() != null && !facts.machineId().isBlank() ? "machine-id:" + facts.machineId()
                        : null;
        if (key == null) {
            throw ProblemException.invalidFields("the host has no identity", List.of(new Problem.FieldError(
                    "biosUuid", "biosUuid or machineId is required to tell this host apart from others")));
        }
        List<Disk> disks = new ArrayList<>();
        String bootDisk = null;
        for (AgentFacts.BlockDevice device : facts.disks() == null ? List.<AgentFacts.BlockDevice> of()
                : facts.disks()) {
            if (device.boot()) {
                bootDisk = device.name();
            }
            disks.add(new Disk(device.name(), device.name(), device.sizeBytes(), controller(device.transport()), 0,
                    disks.size(), false, "/dev/" + device.name(), null, DiskMode.PERSISTENT, null, false,
                    nbd(device)));
        }
        List<Nic> nics = new ArrayList<>();
        for (AgentFacts.NetworkInterface nic : facts.nics() == null ? List.<AgentFacts.NetworkInterface> of()
                : facts.nics()) {
            nics.add(new Nic(nic.name(), Nic.AdapterType.PHYSICAL, nic.mac(), null, true, false));
        }
        AgentFacts.Os os = facts.os();
        AgentFacts.Cpu cpu = facts.cpu();
        MachineRecord record = new MachineRecord(null, sourceId.toString(), SourceKind.PHYSICAL,
                new ExternalIds(null, null, facts.biosUuid()), facts.hostName(), PowerState.POWERED_ON,
                os == null ? GuestOsClassifier.classify(null, null, "linux")
                        : GuestOsClassifier.classify(os.id(), os.name() + (os.architecture() != null
                                && os.architecture().contains("64") ? " (64-bit)" : ""), "linux"),
                new Firmware("EFI".equalsIgnoreCase(facts.firmware()) ? Firmware.Type.EFI : Firmware.Type.BIOS,
                        Boolean.TRUE.equals(facts.secureBoot())),
                new Cpu(cpu.logical(), cpu.sockets(), cpu.coresPerSocket()), facts.memoryBytes(),
                DiskOrder.withBootDisk(disks, bootDisk), nics, null, null, null, null,
                facts.ipAddresses(), facts.hostName(), null, null, null);
        return new DiscoveredMachine(key, record);
    }

    private static Disk.Controller controller(String transport) {
        if (transport == null) {
            return Disk.Controller.UNKNOWN;
        }
        return switch (transport) {
            case "nvme" -> Disk.Controller.NVME;
            case "sata" -> Disk.Controller.SATA;
            case "scsi", "usb" -> Disk.Controller.SCSI;
            default -> Disk.Controller.UNKNOWN;
        };
    }

    private static DiskContent nbd(AgentFacts.BlockDevice device) {
        if (device.nbdUri() == null || device.nbdUri().isBlank()) {
            return null;
        }
        String scheme;
        try {
            scheme = URI.create(device.nbdUri()).getScheme();
        } catch (IllegalArgumentException e) {
            scheme = null;
        }
        if (scheme == null || !scheme.startsWith("nbd")) {
            throw ProblemException.invalidFields("disk " + device.name() + " has no NBD URI", List.of(
                    new Problem.FieldError("disks.nbdUri", "must be an nbd:// or nbd+unix:// URI")));
        }
        return new DiskContent(DiskContent.Kind.NBD, device.nbdUri(), null, "raw", null);
    }
}
