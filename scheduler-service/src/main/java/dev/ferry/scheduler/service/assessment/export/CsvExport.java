package dev.ferry.scheduler.service.assessment.export;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ferry.scheduler.service.assessment.AssessmentReport;
import dev.ferry.scheduler.service.assessment.MachineAssessment;

/** An assessment as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read the arrows right). */
public final class CsvExport {

    private CsvExport() {
    }

    public static byte[] write(AssessmentReport report) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, AssessmentTable.MACHINE_COLUMNS);
        for (MachineAssessment machine : report.machines()) {
            line(out, AssessmentTable.machineRow(machine));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int index = 0; index < cells.size(); index++) {
            if (index > 0) {
                out.append(',');
            }
            String cell = cells.get(index);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        out.append("\r\n");
    }
}
