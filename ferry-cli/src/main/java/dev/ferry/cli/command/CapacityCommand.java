package dev.ferry.cli.command;

import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.Table;
import dev.ferry.events.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry capacity}: how many target hosts the assessed machines need, and how full each one gets. */
@Command(name = "capacity", description = { "Place assessed machines on identical target hosts within every "
        + "per-host limit of the profile (operator): hosts needed, the lower bound, each host's use, and the "
        + "machines that fit nowhere.",
        "Machines are assessed first (as ferry assess selects them), unless "
                + "--assessment names an assessment.",
        "Example: ferry capacity --profile hyperv-2019-gen2 --source vc-prod --lp 64 --memory 512" })
public final class CapacityCommand extends ApiCommand implements Callable<Integer> {

    @Mixin
    AssessmentOptions selection;

    @Option(names = "--assessment", paramLabel = "ID", description = "place this assessment's machines instead")
    String assessmentId;

    @Option(names = "--hosts", paramLabel = "N", description = "hosts available at most (default: as many as "
            + "needed)")
    Integer hosts;

    @Option(names = "--lp", required = true, paramLabel = "N", description = "logical processors per host")
    int logicalProcessors;

    @Option(names = "--memory", required = true, paramLabel = "GiB", description = "memory per host in GiB")
    long memoryGiB;

    @Option(names = "--storage", paramLabel = "GiB", description = "storage per host in GiB (default: not planned)")
    Long storageGiB;

    @Option(names = "--headroom", paramLabel = "PERCENT", description = "share of each host kept free (default: "
            + "the scheduler's, 10)")
    Double headroomPercent;

    @Option(names = "--ratio", paramLabel = "VCPU_PER_LP", description = "vCPUs per logical processor (default: "
            + "the profile's, else the scheduler's)")
    Double ratio;

    @Option(names = "--include-not-ready", description = "place machines with blockers too")
    boolean includeNotReady;

    @Override
    public Integer call() {
        String assessment = assessmentId != null ? assessmentId
                : selection.assess(scheduler(), inventory()).path("id").asText();
        ObjectNode request = EventCodec.mapper().createObjectNode().put("assessmentId", assessment)
                .put("includeNotReady", includeNotReady);
        ObjectNode identical = request.putObject("identicalHosts").put("logicalProcessors", logicalProcessors)
                .put("memoryGiB", memoryGiB);
        if (hosts != null) {
            identical.put("count", hosts);
        }
        if (storageGiB != null) {
            identical.put("storageGiB", storageGiB);
        }
        if (headroomPercent != null) {
            request.put("headroomPercent", headroomPercent);
        }
        if (ratio != null) {
            request.put("vcpuPerLogicalProcessor", ratio);
        }
        JsonNode plan = scheduler().post("/api/v1/capacity-plans", request);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(plan);
        } else {
            print(printer, plan);
        }
        return ExitCodes.OK;
    }

    private static void print(Printer printer, JsonNode plan) {
        JsonNode placement = plan.path("placement");
        printer.line("capacity plan %s (%s, headroom %s%%, %s vCPU per logical processor)", Json.text(plan, "/id"),
                Json.text(plan, "/profileId"), number(plan.path("headroomPercent")), number(plan.path(
                        "vcpuPerLogicalProcessor")));
        printer.line("hosts needed: %d (no placement can use fewer than %d; bound by %s)", placement.path(
                "hostsNeeded").asInt(), placement.path("lowerBound").asInt(), Json.text(placement,
                        "/boundingDimension"));
        Table table = new Table("HOST", ">MACHINES", ">VMS", ">VCPUS", ">MEMORY", ">STORAGE");
        placement.path("hosts").forEach(host -> table.row(Json.text(host, "/host"), host.path("machineIds").size(),
                percent(host, "RUNNING_VMS"), percent(host, "VIRTUAL_PROCESSORS"), percent(host, "MEMORY"),
                percent(host, "STORAGE")));
        if (!table.isEmpty()) {
            printer.line("");
            printer.table(table);
        }
        if (!placement.path("unplaced").isEmpty()) {
            printer.line("");
            printer.line("fit nowhere:");
            placement.path("unplaced").forEach(machine -> printer.line("  %s: %s", Json.text(machine, "/name"),
                    Json.text(machine, "/reason")));
        }
        if (!placement.path("assumptions").isEmpty()) {
            printer.line("");
            printer.line("rests on figures no primary source confirms:");
            placement.path("assumptions").forEach(assumption -> printer.line("  %s", assumption.asText()));
        }
    }

    private static String percent(JsonNode host, String dimension) {
        JsonNode use = host.path("utilisation").path(dimension);
        return use.isMissingNode() ? null : String.format(Locale.ROOT, "%.0f%%", use.path("percent").asDouble());
    }

    private static String number(JsonNode value) {
        double number = value.asDouble();
        return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
    }
}
