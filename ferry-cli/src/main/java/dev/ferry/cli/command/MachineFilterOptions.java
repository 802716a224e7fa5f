package dev.ferry.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.http.QueryString;
import dev.ferry.events.EventCodec;
import dev.ferry.events.machine.Firmware;
import dev.ferry.events.machine.OsFamily;
import dev.ferry.events.machine.PowerState;
import picocli.CommandLine.Option;

/** Options that narrow machines down: source, part of the name, OS family, power state, firmware. */
public class MachineFilterOptions {

    @Option(names = "--source", paramLabel = "SOURCE", description = "machines of this source (id or name)")
    String source;

    @Option(names = "--name", paramLabel = "TEXT", description = "machines whose name contains this")
    String nameContains;

    @Option(names = "--os", paramLabel = "FAMILY", description = "OS family: ${COMPLETION-CANDIDATES}")
    OsFamily osFamily;

    @Option(names = "--power", paramLabel = "STATE", description = "power state: ${COMPLETION-CANDIDATES}")
    PowerState powerState;

    @Option(names = "--firmware", paramLabel = "TYPE", description = "firmware: ${COMPLETION-CANDIDATES}")
    Firmware.Type firmware;

    boolean any() {
        return source != null || nameContains != null || osFamily != null || powerState != null || firmware != null;
    }

    /** The inventory's machine list parameters. */
    QueryString addTo(QueryString query, ApiClient inventory) {
        return query.add("source", source == null ? null : SourceLookup.id(inventory, source))
                .add("name", nameContains).add("osFamily", osFamily).add("powerState", powerState)
                .add("firmware", firmware);
    }

    /** The scheduler's machine selection (assessments): these filters. */
    ObjectNode selection(ApiClient inventory) {
        ObjectNode selection = EventCodec.mapper().createObjectNode();
        if (source != null) {
            selection.put("sourceId", SourceLookup.id(inventory, source));
        }
        if (nameContains != null) {
            selection.put("nameContains", nameContains);
        }
        if (osFamily != null) {
            selection.put("osFamily", osFamily.name());
        }
        if (powerState != null) {
            selection.put("powerState", powerState.name());
        }
        if (firmware != null) {
            selection.put("firmware", firmware.name());
        }
        return selection;
    }
}
