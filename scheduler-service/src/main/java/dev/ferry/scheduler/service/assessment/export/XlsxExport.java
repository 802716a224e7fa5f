package dev.ferry.scheduler.service.assessment.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import dev.ferry.scheduler.service.assessment.AssessmentReport;
import dev.ferry.scheduler.service.assessment.AssessmentSummary;
import dev.ferry.scheduler.service.assessment.MachineAssessment;
import dev.ferry.scheduler.service.assessment.Readiness;

/** An assessment as an Excel workbook: a summary sheet, one row per machine, and one row per finding. */
public final class XlsxExport {

    // Rows kept in memory while writing; the rest stream to a temporary file, so large estates stay cheap.
    private static final int WINDOW = 200;

    private XlsxExport() {
    }

    public static byte[] write(AssessmentReport report) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW)) {
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle wrapped = workbook.createCellStyle();
            wrapped.setWrapText(true);

            Sheet summary = workbook.createSheet("Summary");
            int row = 0;
            row = pair(summary, row, bold, "Assessment", report.id().toString());
            row = pair(summary, row, bold, "Target profile", report.profileName() + " (" + report.profileId() + ")");
            row = pair(summary, row, bold, "Assessed at", String.valueOf(report.assessedAt()));
            row = pair(summary, row, bold, "Machines", String.valueOf(report.summary().machines()));
            for (Map.Entry<Readiness, Integer> entry : report.summary().byReadiness().entrySet()) {
                row = pair(summary, row, bold, entry.getKey().name(), String.valueOf(entry.getValue()));
            }
            row++;
            header(summary, row++, bold, List.of("Rule", "Severity", "Machines"));
            for (AssessmentSummary.RuleCount count : report.summary().byRule()) {
                cells(summary, row++, null, List.of(count.ruleId(), count.severity().name(),
                        String.valueOf(count.machines())));
            }

            Sheet machines = workbook.createSheet("Machines");
            header(machines, 0, bold, AssessmentTable.MACHINE_COLUMNS);
            row = 1;
            for (MachineAssessment machine : report.machines()) {
                cells(machines, row++, wrapped, AssessmentTable.machineRow(machine));
            }
            machines.createFreezePane(1, 1);

            Sheet findings = workbook.createSheet("Findings");
            header(findings, 0, bold, AssessmentTable.FINDING_COLUMNS);
            row = 1;
            for (MachineAssessment machine : report.machines()) {
                for (List<String> finding : AssessmentTable.findingRows(machine)) {
                    cells(findings, row++, wrapped, finding);
                }
            }
            findings.createFreezePane(1, 1);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            workbook.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the assessment workbook", e);
        }
    }

    private static int pair(Sheet sheet, int row, CellStyle bold, String name, String value) {
        Row line = sheet.createRow(row);
        line.createCell(0).setCellValue(name);
        line.getCell(0).setCellStyle(bold);
        line.createCell(1).setCellValue(value);
        return row + 1;
    }

    private static void header(Sheet sheet, int row, CellStyle bold, List<String> names) {
        cells(sheet, row, bold, names);
    }

    private static void cells(Sheet sheet, int row, CellStyle style, List<String> values) {
        Row line = sheet.createRow(row);
        for (int index = 0; index < values.size(); index++) {
            var cell = line.createCell(index);
            // Excel refuses cells over 32,767 characters.
            String value = values.get(index);
            cell.setCellValue(value.length() > 32_000 ? value.substring(0, 32_000) + "…" : value);
            if (style != null) {
                cell.setCellStyle(style);
            }
        }
    }
}
