package dev.ferry.cli.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.UsageException;
import dev.ferry.cli.http.QueryString;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry assess}: machines against a target profile: readiness, findings, plans; optionally exported. */
@Command(name = "assess", description = { "Assess machines against a target profile (operator): readiness per "
        + "machine, each finding with what conversion does about it, and the conversion plan.",
        "Examples:", "  ferry assess --profile hyperv-2019-gen2 --source vc-prod --os windows",
        "  ferry assess -p kvm -m 6f1c...,9a2e... --export xlsx -O signoff.xlsx" })
public final class AssessCommand extends ApiCommand implements Callable<Integer> {

    @Mixin
    AssessmentOptions selection;

    @Option(names = "--export", paramLabel = "FORMAT", description = "also save the assessment: csv or xlsx")
    String export;

    @Option(names = { "-O", "--output-file" }, paramLabel = "FILE", description = "where --export writes "
            + "(default assessment-<id>.<format>)")
    Path exportFile;

    @Option(names = "--brief", description = "only the table and the counts, no findings or plans")
    boolean brief;

    @Override
    public Integer call() {
        if (export != null && !export.equals("csv") && !export.equals("xlsx")) {
            throw new UsageException("--export takes csv or xlsx, not '" + export + "'");
        }
        if (exportFile != null && export == null) {
            throw new UsageException("--output-file needs --export csv or xlsx");
        }
        JsonNode report = selection.assess(scheduler(), inventory());
        Printer printer = printer();
        if (printer.json()) {
            printer.json(report);
        } else {
            print(printer, report, brief);
        }
        if (export != null) {
            String id = report.path("id").asText();
            Path file = exportFile != null ? exportFile : Path.of("assessment-" + id + "." + export);
            scheduler().download(new QueryString().add("format", export).appendTo("/api/v1/assessments/" + id
                    + "/export"), file);
            printer.note("exported to " + file);
        }
        return ExitCodes.OK;
    }

    /** The report: counts, a row per machine, each machine's findings and plan, the rules that fired. */
    static void print(Printer printer, JsonNode report, boolean brief) {
        JsonNode counts = report.path("summary").path("byReadiness");
        printer.line("assessment %s against %s: %d machine%s, %d ready, %d ready with conditions, %d not ready",
                report.path("id").asText(), Json.text(report, "/profileName"), report.at("/summary/machines")
                        .asInt(),
                report.at("/summary/machines").asInt() == 1 ? "" : "s", counts.path("READY")
                        .asInt(),
                counts.path("READY_WITH_CONDITIONS").asInt(), counts.path("NOT_READY")
                        .asInt());
        if (report.path("machines").isEmpty()) {
            printer.line("no machine matched the selection");
            return;
        }
        printer.line("");
        printer.table(VerdictView.table(report.path("machines"), "name"));
        if (!brief) {
            for (JsonNode machine : report.path("machines")) {
                printer.line("");
                VerdictView.details(machine, "name").forEach(printer::line);
            }
        }
        Table rules = new Table("RULE", "SEVERITY", ">MACHINES");
        report.at("/summary/byRule").forEach(rule -> rules.row(Json.text(rule, "/ruleId"), Json.text(rule,
                "/severity"), rule.path("machines").asInt()));
        if (!rules.isEmpty()) {
            printer.line("");
            printer.table(rules);
        }
    }
}
