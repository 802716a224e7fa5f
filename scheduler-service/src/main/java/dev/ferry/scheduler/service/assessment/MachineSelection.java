package dev.ferry.scheduler.service.assessment;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.PowerState;

/**
 * Which of the scheduler's machines to assess: the listed ids, or those matching every given filter (a source, part
 * of the name, OS family, power state, firmware). Stored with the assessment, so a re-run selects again.
 *
 * @param machineIds machines by id; when given, the filters are not used
 * @param sourceId machines of this inventory source
 * @param nameContains machines whose name contains this, ignoring case
 * @param osFamily machines of this OS family
 * @param powerState machines in this power state
 * @param firmware machines with this firmware
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineSelection(
        @Size(max = 100_000) List<UUID> machineIds,
        UUID sourceId,
        @Size(max = 200) String nameContains,
        OsFamily osFamily,
        PowerState powerState,
        Firmware.Type firmware) {

    /** Whether the selection names machines by id. */
    public boolean byIds() {
        return machineIds != null && !machineIds.isEmpty();
    }

    /** Whether nothing narrows the selection (every machine is selected). */
    public boolean everything() {
        return !byIds() && sourceId == null && nameContains == null && osFamily == null && powerState == null
                && firmware == null;
    }
}
