package dev.ferry.cli.command;

import java.time.Duration;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.Terminal;
import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.http.QueryString;
import dev.ferry.cli.output.HumanUnits;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.watch.JobCounts;
import dev.ferry.cli.watch.JobDisks;
import dev.ferry.cli.watch.LineWaveView;
import dev.ferry.cli.watch.LiveWaveView;
import dev.ferry.cli.watch.WaveView;
import dev.ferry.cli.watch.WaveWatcher;

/** Watches a wave to its end in the view that suits the terminal, then sums it up; the exit code is its outcome. */
public final class WaveFollower {

    /** How progress is shown. */
    public enum Mode {
        /** Live bars on a terminal, lines otherwise. */
        AUTO,
        /** Live bars, redrawn in place. */
        LIVE,
        /** One line per change. */
        PLAIN
    }

    private final ApiClient scheduler;
    private final Printer printer;
    private final Terminal terminal;

    public WaveFollower(ApiClient scheduler, Printer printer, Terminal terminal) {
        this.scheduler = scheduler;
        this.printer = printer;
        this.terminal = terminal;
    }

    /** Follows the wave until it ends; 0 when it completed, 1 when it completed with failures or was cancelled. */
    public int follow(String waveId, Mode mode) throws InterruptedException {
        boolean live = mode == Mode.LIVE || mode == Mode.AUTO && terminal.interactive();
        WaveView view = live ? new LiveWaveView(printer.out(), terminal.columns(), ZoneId.systemDefault(),
                JobDisks.from(scheduler))
                : new LineWaveView(printer.out(), ZoneId.systemDefault());
        String state = new WaveWatcher(scheduler, view, Duration.ofSeconds(1), WaveWatcher.SILENCE).watch(waveId);
        summarise(waveId);
        return "COMPLETED".equals(state) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** "wave x COMPLETED: 3 completed; 1.5 GiB converted" and every failed job with its error. */
    private void summarise(String waveId) {
        JsonNode wave = scheduler.get("/api/v1/waves/" + waveId);
        printer.line("wave %s %s: %s; %s converted", Json.text(wave, "/name"), Json.text(wave, "/state"),
                jobCounts(wave.path("jobs")), HumanUnits.bytes(Json.number(wave, "/bytesDone", 0)));
        for (String state : new String[] { "FAILED", "CANCELLED" }) {
            if (wave.path("jobs").path(state).asLong() == 0) {
                continue;
            }
            JsonNode jobs = scheduler.get(new QueryString().add("wave", waveId).add("state", state).add("size", 1000)
                    .appendTo("/api/v1/jobs"));
            jobs.path("items").forEach(job -> printer.line("  %s %s (job %s)%s", Json.text(job, "/machineName"),
                    state.toLowerCase(java.util.Locale.ROOT), Json.text(job, "/id"), job.hasNonNull("lastError")
                            ? ": " + job.path("lastError").asText()
                            : ""));
        }
    }

    static String jobCounts(JsonNode byState) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        byState.fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return JobCounts.describe(counts);
    }
}
