package dev.ferry.inventory.service.discovery;

import dev.ferry.events.machine.MachineRecord;

/**
 * A machine as a source describes it, before the inventory gives it an id.
 *
 * @param externalKey the source's stable identity of the machine (instance UUID, BIOS UUID, OVF system id), which
 *        rediscovery matches stored machines by
 * @param record the machine's facts; id, first and last seen are filled in when it is stored
 */
public record DiscoveredMachine(String externalKey, MachineRecord record) {
}
