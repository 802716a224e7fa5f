package dev.ferry.inventory.service;

import java.util.UUID;

import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.PowerState;

/**
 * What a machine list is narrowed to; null fields do not narrow.
 *
 * @param includeGone whether machines no longer present in their source are listed too
 */
public record MachineFilter(UUID sourceId, String nameContains, OsFamily osFamily, PowerState powerState,
        Firmware.Type firmware, boolean includeGone) {
}
