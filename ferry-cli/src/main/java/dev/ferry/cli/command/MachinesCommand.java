package dev.ferry.cli.command;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.output.Details;
import dev.ferry.cli.output.HumanUnits;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry machines}: the machines the inventory knows, with their hardware. */
@Command(name = "machines", description = "List the inventory's machines, or show one with its hardware.")
public final class MachinesCommand extends ApiCommand {

    @Command(name = "list", description = "List machines; filters combine.")
    int list(@Mixin MachineFilterOptions filter, @Mixin PagingOptions paging,
            @Option(names = "--include-gone", description = "also machines no longer in their source") boolean includeGone,
            @Option(names = "--sort", paramLabel = "FIELD", description = "name, cpus, memoryBytes, diskBytes, "
                    + "powerState, osFamily, firmware, firstSeen or lastSeen; '-' first for descending") String sort) {
        JsonNode page = inventory().get(filter.addTo(paging.query(), inventory()).add("includeGone", includeGone)
                .add("sort", sort).appendTo("/api/v1/machines"));
        return printPage(page, paging, new Table("ID", "NAME", "POWER", "OS", ">CPUS", ">MEMORY", ">DISKS",
                "FIRMWARE", "SOURCE"),
                machine -> new Object[] { Json.text(machine, "/id"), Json.text(machine,
                        "/name"), Json.text(machine, "/powerState"), os(machine),
                        Json.number(machine, "/cpu/count",
                                0),
                        HumanUnits.bytes(Json.number(machine, "/memoryBytes", 0)), disks(machine),
                        Json.text(machine, "/firmware/type"), Json.text(machine, "/sourceKind") });
    }

    @Command(name = "get", description = "Show a machine with its disks and network adapters.")
    int get(@Parameters(paramLabel = "ID") String id) {
        JsonNode machine = inventory().get("/api/v1/machines/" + id);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(machine);
            return ExitCodes.OK;
        }
        Details details = new Details().add("id", Json.text(machine, "/id")).add("name", Json.text(machine, "/name"))
                .add("source", Json.text(machine, "/sourceId") + " (" + Json.text(machine, "/sourceKind") + ")")
                .add("power", Json.text(machine, "/powerState")).add("guest OS", os(machine))
                .add("firmware", Json.text(machine, "/firmware/type")
                        + (machine.at("/firmware/secureBoot").asBoolean() ? ", Secure Boot" : ""))
                .add("CPUs", Json.number(machine, "/cpu/count", 0)).add("memory", HumanUnits.bytes(Json.number(
                        machine, "/memoryBytes", 0)))
                .add("host name", Json.text(machine, "/hostName")).add("addresses", join(machine.path("ipAddresses")))
                .add("snapshots", machine.path("snapshots").isEmpty() ? null : machine.path("snapshots").size())
                .add("last seen", HumanUnits.time(Json.text(machine, "/lastSeen")));
        printer.out().print(details.render());
        Table disks = new Table("DISK", ">SIZE", "CONTROLLER", "SLOT", "BOOT", "CONTENT");
        machine.path("disks").forEach(disk -> disks.row(Json.text(disk, "/label"), HumanUnits.bytes(Json.number(
                disk, "/capacityBytes", 0)), Json.text(disk, "/controller"), disk.path("bus").asInt() + ":"
                        + disk
                                .path("unit").asInt(),
                disk.path("boot").asBoolean() ? "yes" : "", content(disk)));
        if (!disks.isEmpty()) {
            printer.line("");
            printer.table(disks);
        }
        Table nics = new Table("ADAPTER", "TYPE", "NETWORK", "MAC");
        machine.path("nics").forEach(nic -> nics.row(Json.text(nic, "/label"), Json.text(nic, "/adapterType"),
                Json.text(nic, "/network"), Json.text(nic, "/macAddress")));
        if (!nics.isEmpty()) {
            printer.line("");
            printer.table(nics);
        }
        return ExitCodes.OK;
    }

    private static String os(JsonNode machine) {
        String name = Json.text(machine, "/guestOs/fullName");
        return name != null ? name : Json.text(machine, "/guestOs/family");
    }

    private static String disks(JsonNode machine) {
        long total = 0;
        for (JsonNode disk : machine.path("disks")) {
            total += Math.max(0, disk.path("capacityBytes").asLong());
        }
        int count = machine.path("disks").size();
        return count == 0 ? "0" : count + " / " + HumanUnits.bytes(total);
    }

    private static String content(JsonNode disk) {
        String kind = Json.text(disk, "/content/kind");
        if (kind == null) {
            return "not readable";
        }
        String member = Json.text(disk, "/content/member");
        return kind + " " + Json.text(disk, "/content/location") + (member == null ? "" : "!" + member);
    }

    private static String join(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return texts.isEmpty() ? null : String.join(", ", texts);
    }
}
