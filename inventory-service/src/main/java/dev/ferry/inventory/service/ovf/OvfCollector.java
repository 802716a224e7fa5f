package dev.ferry.inventory.service.ovf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.events.machine.DiskContent;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.service.discovery.DiscoveredInventory;
import dev.ferry.inventory.service.discovery.DiscoveryException;
import dev.ferry.inventory.service.discovery.ItemErrors;
import dev.ferry.inventory.service.discovery.MachineCollector;
import dev.ferry.inventory.service.source.SourceSettings;
import dev.ferry.inventory.service.source.StorageRoot;

/**
 * Reads an OVF package: an OVA (a tar, indexed in place: each disk's content is the OVA member at its offset) or an
 * OVF descriptor beside its disk files (each disk's content is its file, confined to the storage root).
 */
@ApplicationScoped
public class OvfCollector implements MachineCollector {

    private static final int MAX_DESCRIPTOR_BYTES = 16 * 1024 * 1024;

    @Inject
    StorageRoot storage;

    @Override
    public SourceKind kind() {
        return SourceKind.OVF;
    }

    @Override
    public DiscoveredInventory collect(SourceSettings source, ItemErrors errors) throws DiscoveryException {
        Path file = source.requireFile("OVF package");
        String sourceId = source.id().toString();
        try {
            if (OvaArchive.isTar(file) || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ova")) {
                try (OvaArchive ova = OvaArchive.open(file)) {
                    OvaArchive.Member descriptor = ova.members().values().stream()
                            .filter(member -> member.name().toLowerCase(Locale.ROOT).endsWith(".ovf")).findFirst()
                            .orElseThrow(() -> new DiscoveryException(file.getFileName() + " holds no .ovf "
                                    + "descriptor"));
                    OvfDescriptor ovf = OvfDescriptor.parse(ova.read(descriptor, MAX_DESCRIPTOR_BYTES),
                            file.getFileName().toString());
                    return new DiscoveredInventory(ovf.machines(sourceId, href -> {
                        OvaArchive.Member member = ova.members().get(href);
                        return member == null ? null
                                : new DiskContent(DiskContent.Kind.OVA_MEMBER,
                                        file.toString(), href, format(href), null, member.offset(), member.size());
                    }, errors), null);
                }
            }
            if (Files.size(file) > MAX_DESCRIPTOR_BYTES) {
                throw new DiscoveryException(file.getFileName() + " is neither an OVA (tar) nor an OVF descriptor of "
                        + "a plausible size");
            }
            OvfDescriptor ovf = OvfDescriptor.parse(Files.readAllBytes(file), file.getFileName().toString());
            return new DiscoveredInventory(ovf.machines(sourceId, href -> fileBeside(file, href), errors), null);
        } catch (IOException e) {
            throw new DiscoveryException("cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** A disk file next to the descriptor, if it exists and stays under the storage root. */
    private DiskContent fileBeside(Path descriptor, String href) {
        try {
            Path disk = storage.resolve(storage.nameOf(descriptor.resolveSibling(href).normalize()));
            return Files.isRegularFile(disk) ? new DiskContent(DiskContent.Kind.FILE, disk.toString(), null,
                    format(href), null) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String format(String href) {
        String lower = href.toLowerCase(Locale.ROOT);
        return lower.endsWith(".vmdk") ? "vmdk"
                : lower.endsWith(".vhd") ? "vhd"
                        : lower.endsWith(".vhdx") ? "vhdx"
                                : lower.endsWith(".qcow2") ? "qcow2"
                                        : lower.endsWith(".img") || lower.endsWith(".raw") ? "raw" : null;
    }
}
