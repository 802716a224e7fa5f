package dev.ferry.cli.command;

import java.util.Locale;
import java.util.function.Function;

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

/** {@code ferry jobs}: the jobs of waves, one per machine: list, show, retry, cancel. */
@Command(name = "jobs", description = "List and show the jobs of waves (one per machine), retry or cancel one.")
public final class JobsCommand extends ApiCommand {

    @Command(name = "list", description = "List jobs in wave order.")
    int list(@Mixin PagingOptions paging,
            @Option(names = "--wave", paramLabel = "WAVE", description = "jobs of this wave") String wave,
            @Option(names = "--state", description = "only jobs in this state: PENDING, BLOCKED, QUEUED, "
                    + "DISPATCHED, CONVERTING, VERIFYING, COMPLETED, FAILED, CANCELLING or CANCELLED") String state) {
        JsonNode page = scheduler().get(paging.query().add("wave", wave).add("state", States.job(state))
                .appendTo("/api/v1/jobs"));
        return printPage(page, paging, new Table("ID", ">#", "MACHINE", "STATE", ">ATTEMPT", ">DONE", "ERROR"),
                job -> new Object[] { Json.text(job, "/id"), job.path("position").asInt() + 1, Json.text(job,
                        "/machineName"), Json.text(job, "/state"), job.path("attempt").asInt(),
                        HumanUnits.percent(
                                Json.number(job, "/bytesDone", 0), Json.number(job, "/bytesTotal", 0)) + "%",
                        Json.text(job, "/lastError") });
    }

    @Command(name = "get", description = "Show a job: its itinerary, disks, attempts and history.")
    int get(@Parameters(paramLabel = "JOB", description = "job id") String id) {
        JsonNode job = scheduler().get("/api/v1/jobs/" + id);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(job);
            return ExitCodes.OK;
        }
        printer.out().print(new Details().add("id", Json.text(job, "/id")).add("wave", Json.text(job, "/waveId"))
                .add("machine", Json.text(job, "/machineName") + " (" + Json.text(job, "/machineId") + ")")
                .add("state", Json.text(job, "/state")).add("attempt", Json.text(job, "/attempt")
                        + " (" + Json.text(job, "/attemptsLeft") + " left)")
                .add("readiness", Json.text(job, "/readiness"))
                .add("target", Json.text(job, "/target/storageRoot") + ":" + Json.text(job, "/target/folder"))
                .add("progress", HumanUnits.percent(Json.number(job, "/bytesDone", 0), Json.number(job,
                        "/bytesTotal", 0)) + "%, " + HumanUnits.bytes(Json.number(job, "/bytesDone", 0)) + " of "
                        + HumanUnits.bytes(Json.number(job, "/bytesTotal", 0)))
                .add("definition", job.path("definitionFiles").isEmpty() ? null : join(job.path("definitionFiles")))
                .add("last error", Json.text(job, "/lastError")).render());
        section(printer, job.path("itinerary"), new Table("STEP", "DISK", "STATUS", "STARTED", "ENDED", "MESSAGE"),
                step -> new Object[] { Json.text(step, "/kind"), Json.text(step, "/diskKey"), Json.text(step,
                        "/status"), HumanUnits.time(Json.text(step, "/startedAt")),
                        HumanUnits.time(Json.text(step, "/endedAt")),
                        Json.text(step,
                                "/message") });
        section(printer, job.path("disks"), new Table("DISK", "FILE", "FORMAT", "PHASE", ">DONE", ">SIZE"),
                disk -> new Object[] { Json.text(disk, "/label"), Json.text(disk, "/fileName"), Json.text(disk,
                        "/targetFormat"), Json.text(disk, "/phase"),
                        HumanUnits.percent(Json.number(disk,
                                "/bytesDone", 0), Json.number(disk, "/bytesTotal", 0)) + "%",
                        HumanUnits.bytes(
                                Json.number(disk, "/bytesTotal", 0)) });
        section(printer, job.path("attempts"), new Table(">ATTEMPT", "WORKER", "STARTED", "ENDED", "OUTCOME",
                "MESSAGE"),
                attempt -> new Object[] { attempt.path("attempt").asInt(), Json.text(attempt,
                        "/workerId"), HumanUnits.time(Json.text(attempt, "/startedAt")),
                        HumanUnits.time(Json.text(attempt, "/endedAt")),
                        Json.text(
                                attempt, "/outcome"),
                        Json.text(attempt, "/message") });
        section(printer, job.path("transitions"), new Table("AT", "STATE", ">ATTEMPT", "REASON"),
                step -> new Object[] { HumanUnits.time(Json.text(step, "/at")), Json.text(step, "/to"),
                        step.path("attempt").asInt(),
                        Json.text(step, "/reason") });
        return ExitCodes.OK;
    }

    @Command(name = "retry", description = "Retry a failed or cancelled job with a fresh retry budget (operator).")
    int retry(@Parameters(paramLabel = "JOB", description = "job id") String id) {
        return act(id, "retry");
    }

    @Command(name = "cancel", description = "Cancel a job (operator).")
    int cancel(@Parameters(paramLabel = "JOB", description = "job id") String id) {
        return act(id, "cancel");
    }

    private int act(String id, String action) {
        return printOne(scheduler().post("/api/v1/jobs/" + id + "/" + action, null), job -> String.format(
                Locale.ROOT, "job %s (%s) is %s%n", Json.text(job, "/id"), Json.text(job, "/machineName"),
                Json.text(job, "/state")));
    }

    private static void section(Printer printer, JsonNode items, Table table,
            Function<JsonNode, Object[]> row) {
        items.forEach(item -> table.row(row.apply(item)));
        if (!table.isEmpty()) {
            printer.line("");
            printer.table(table);
        }
    }

    private static String join(JsonNode values) {
        StringBuilder text = new StringBuilder();
        values.forEach(value -> text.append(text.length() == 0 ? "" : ", ").append(value.asText()));
        return text.toString();
    }
}
