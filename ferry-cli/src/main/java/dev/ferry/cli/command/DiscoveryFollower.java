package dev.ferry.cli.command;

import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.Terminal;
import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;

/** Follows a discovery run until it ends, showing that it runs, then prints what it found. */
public final class DiscoveryFollower {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final String SPINNER = "|/-\\";

    private final ApiClient inventory;
    private final Printer printer;
    private final Terminal terminal;

    public DiscoveryFollower(ApiClient inventory, Printer printer, Terminal terminal) {
        this.inventory = inventory;
        this.printer = printer;
        this.terminal = terminal;
    }

    /** Polls the run until it has ended, and returns its last state. */
    public JsonNode follow(JsonNode run) throws InterruptedException {
        String id = run.path("id").asText();
        long started = System.nanoTime();
        String shown = null;
        for (int tick = 0; running(run); tick++) {
            String state = run.path("state").asText();
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            if (terminal.interactive() && !printer.json()) {
                printer.err().print("\r" + SPINNER.charAt(tick % SPINNER.length()) + " discovery " + state
                        .toLowerCase(Locale.ROOT) + ", " + seconds + "s ");
                printer.err().flush();
            } else if (!state.equals(shown)) {
                printer.note("discovery " + id + " " + state);
            }
            shown = state;
            Thread.sleep(POLL.toMillis());
            run = inventory.get("/api/v1/discoveries/" + id);
        }
        if (terminal.interactive() && !printer.json() && shown != null) {
            printer.err().print("\r" + " ".repeat(40) + "\r");
            printer.err().flush();
        }
        return run;
    }

    /** Prints the run's outcome and counts; the exit code says whether it succeeded. */
    public int report(JsonNode run) {
        if (printer.json()) {
            printer.json(run);
        } else {
            String state = run.path("state").asText();
            if (running(run)) {
                printer.line("discovery %s %s (ferry discover --wait follows it)", run.path("id").asText(), state);
                return ExitCodes.OK;
            }
            printer.line("discovery %s: found %d, new %d, changed %d, gone %d", state, Json.number(run,
                    "/counts/found", 0), Json.number(run, "/counts/new", 0), Json.number(run, "/counts/changed", 0),
                    Json.number(run, "/counts/gone", 0));
            if (run.hasNonNull("failure")) {
                printer.line("failure: %s", run.path("failure").asText());
            }
            run.path("errors").forEach(error -> printer.line("  could not read %s: %s", error.path("item").asText(),
                    error.path("message").asText()));
        }
        return "SUCCEEDED".equals(run.path("state").asText()) || running(run) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static boolean running(JsonNode run) {
        String state = run.path("state").asText();
        return state.equals("PENDING") || state.equals("RUNNING");
    }
}
