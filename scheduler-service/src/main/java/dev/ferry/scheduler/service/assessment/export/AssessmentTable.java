package dev.ferry.scheduler.service.assessment.export;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.NicPlan;
import dev.ferry.events.plan.Remediation;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.MachineAssessment;
import dev.ferry.scheduler.service.assessment.Severity;

/**
 * An assessment as rows of text, one per machine, the same for every export format: what a consultant hands to a
 * customer. Cells that a spreadsheet would run as a formula are defused.
 */
public final class AssessmentTable {

    public static final List<String> MACHINE_COLUMNS = List.of("Machine", "Machine id", "Readiness", "Blockers",
            "Warnings", "Findings", "Generation", "Firmware", "vCPUs", "Memory (GiB)", "Disks", "Network adapters",
            "Changes made by conversion");

    public static final List<String> FINDING_COLUMNS = List.of("Machine", "Machine id", "Rule", "Severity", "Finding",
            "Change made by conversion");

    private AssessmentTable() {
    }

    /** The machine row of {@code assessment}, in {@link #MACHINE_COLUMNS} order. */
    public static List<String> machineRow(MachineAssessment assessment) {
        ConversionPlan plan = assessment.plan();
        return safe(List.of(text(assessment.name()), assessment.machineId(), assessment.readiness().name(),
                String.valueOf(count(assessment, Severity.BLOCKER)), String.valueOf(count(assessment, Severity.WARNING)),
                assessment.findings().stream().map(finding -> "[" + finding.severity() + "] " + finding.message())
                        .collect(Collectors.joining("\n")),
                String.valueOf(plan.generation()), String.valueOf(plan.firmware()) + (plan.secureBoot() ? " + Secure Boot"
                        : ""),
                String.valueOf(plan.vcpus()), String.format(Locale.ROOT, "%.1f", plan.memoryBytes() / (double) (1L << 30)),
                plan.disks().stream().map(AssessmentTable::disk).collect(Collectors.joining("\n")),
                plan.nics().stream().map(AssessmentTable::nic).collect(Collectors.joining("\n")),
                plan.remediations().stream().map(Remediation::description).collect(Collectors.joining("\n"))));
    }

    /** One row per finding of {@code assessment}, in {@link #FINDING_COLUMNS} order. */
    public static List<List<String>> findingRows(MachineAssessment assessment) {
        return assessment.findings().stream().map(finding -> safe(List.of(text(assessment.name()),
                assessment.machineId(), finding.ruleId(), finding.severity().name(), finding.message(),
                text(finding.remediation())))).toList();
    }

    private static long count(MachineAssessment assessment, Severity severity) {
        return assessment.findings().stream().map(Finding::severity).filter(severity::equals).count();
    }

    private static String disk(DiskPlan disk) {
        return String.format(Locale.ROOT, "%s %s %.1f GiB %s on %s%s", disk.fileName(), disk.targetSubformat() == null
                ? ""
                : "(" + disk.targetSubformat() + ")", disk.capacityBytes() / (double) (1L << 30), disk.label(),
                disk.slot(), disk.boot() ? " (boot)" : "").replace("  ", " ");
    }

    private static String nic(NicPlan nic) {
        return nic.label() + ": " + nic.sourceAdapter() + " → " + nic.kind() + (nic.network() == null ? ""
                : " on " + nic.network());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static List<String> safe(List<String> cells) {
        return cells.stream().map(AssessmentTable::defuse).toList();
    }

    /** Spreadsheets run a cell starting with = + - @ as a formula; a leading apostrophe keeps it text. */
    static String defuse(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
