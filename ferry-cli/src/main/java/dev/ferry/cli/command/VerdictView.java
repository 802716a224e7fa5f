package dev.ferry.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.output.HumanUnits;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Table;
import dev.ferry.events.EventCodec;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.NicPlan;

/**
 * One machine's assessment as people read it: readiness, each finding with its remediation, and the conversion plan
 * (generation, firmware, processors, memory, where each disk and adapter goes). Assessments and wave plans share it.
 */
final class VerdictView {

    private VerdictView() {
    }

    /** A table row per machine: name, readiness, blockers, warnings, and the plan in one line. */
    static Table table(Iterable<JsonNode> machines, String nameField) {
        Table table = new Table("MACHINE", "READINESS", ">BLOCKERS", ">WARNINGS", "PLAN");
        for (JsonNode machine : machines) {
            table.row(Json.text(machine, "/" + nameField), Json.text(machine, "/readiness"),
                    count(machine, "BLOCKER"), count(machine, "WARNING"), planLine(plan(machine)));
        }
        return table;
    }

    /** The machine's findings and plan, indented under its name. */
    static List<String> details(JsonNode machine, String nameField) {
        List<String> lines = new ArrayList<>();
        lines.add(Json.text(machine, "/" + nameField) + ": " + Json.text(machine, "/readiness"));
        for (JsonNode finding : machine.path("findings")) {
            lines.add(String.format(Locale.ROOT, "  %-8s %s: %s", finding.path("severity").asText(),
                    finding.path("ruleId").asText(), finding.path("message").asText()));
            String remediation = Json.text(finding, "/remediation");
            if (remediation != null) {
                lines.add("           conversion: " + remediation);
            }
        }
        ConversionPlan plan = plan(machine);
        if (plan != null) {
            lines.add("  plan: " + planLine(plan));
            for (DiskPlan disk : plan.disks()) {
                lines.add(String.format(Locale.ROOT, "    disk %s (%s) -> %s (%s%s) on %s%s", disk.label(),
                        HumanUnits.bytes(disk.capacityBytes()), disk.fileName(), disk.targetFormat(),
                        disk.targetSubformat() == null ? "" : " " + disk.targetSubformat(), disk.slot(),
                        disk.boot() ? ", boots" : ""));
            }
            for (NicPlan nic : plan.nics()) {
                lines.add(String.format(Locale.ROOT, "    adapter %s %s -> %s%s", nic.label(),
                        nic.sourceAdapter() == null ? "" : nic.sourceAdapter().name().toLowerCase(Locale.ROOT),
                        nic.kind() == null ? "" : nic.kind().name().toLowerCase(Locale.ROOT),
                        nic.network() == null ? "" : " on " + nic.network()));
            }
        }
        return lines;
    }

    /** "Hyper-V Gen 1, BIOS, 2 vCPUs, 2.0 GiB, 1 disk (vhdx)". */
    static String planLine(ConversionPlan plan) {
        if (plan == null) {
            return "-";
        }
        String platform = plan.platform() == null ? plan.profileId() : plan.platform().name();
        List<String> formats = plan.disks().stream().map(DiskPlan::targetFormat).distinct().toList();
        return String.format(Locale.ROOT, "%s%s, %s%s, %d vCPU%s, %s, %d disk%s%s", platform,
                plan.generation() > 0 ? " Gen " + plan.generation() : "", plan.firmware(),
                plan.secureBoot() ? " Secure Boot" : "", plan.vcpus(), plan.vcpus() == 1 ? "" : "s",
                HumanUnits.bytes(plan.memoryBytes()), plan.disks().size(), plan.disks().size() == 1 ? "" : "s",
                formats.isEmpty() ? "" : " (" + String.join(", ", formats) + ")");
    }

    static ConversionPlan plan(JsonNode machine) {
        JsonNode plan = machine.path("plan");
        if (plan.isMissingNode() || plan.isNull()) {
            return null;
        }
        try {
            return EventCodec.mapper().treeToValue(plan, ConversionPlan.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static int count(JsonNode machine, String severity) {
        int count = 0;
        for (JsonNode finding : machine.path("findings")) {
            if (severity.equals(finding.path("severity").asText())) {
                count++;
            }
        }
        return count;
    }
}
