package dev.ferry.inventory.service.discovery;

import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.service.source.SourceSettings;

/** Reads every machine of one kind of source. Implementations are beans; a discovery picks one by kind. */
public interface MachineCollector {

    SourceKind kind();

    /**
     * Reads the source. Problems with single items go to {@code errors} and the rest is read; a problem with the
     * source as a whole fails the call.
     *
     * @throws DiscoveryException when the source cannot be read at all; its message is shown to people
     */
    DiscoveredInventory collect(SourceSettings source, ItemErrors errors) throws DiscoveryException;
}
