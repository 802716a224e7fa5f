package dev.ferry.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.UsageException;
import dev.ferry.cli.http.QueryString;
import dev.ferry.cli.output.Details;
import dev.ferry.cli.output.HumanUnits;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.Table;
import dev.ferry.events.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry waves}: submit migration waves, follow them live, and steer them. */
@Command(name = "waves", description = "Submit, list, show, watch, pause, resume and cancel migration waves.")
public final class WavesCommand extends ApiCommand {

    /** How a wave is described on the command line; each option replaces the field of a request file. */
    static final class WaveOptions {
        @Option(names = "--name", description = "what people call the wave")
        String name;

        @Option(names = { "-p", "--profile" }, paramLabel = "PROFILE", description = "target profile id")
        String profile;

        @Option(names = { "-m", "--machines" }, paramLabel = "ID", split = ",", description = "machines in "
                + "dispatch order (repeat, or separate with commas)")
        List<String> machines;

        @Option(names = "--source", paramLabel = "SOURCE", description = "add every machine of this source (id or "
                + "name)")
        String source;

        @Option(names = "--storage-root", paramLabel = "NAME", description = "target storage root (default: "
                + "default)")
        String storageRoot;

        @Option(names = "--folder", description = "folder under the storage root (default: the wave's name)")
        String folder;

        @Option(names = "--jobs-in-flight", paramLabel = "N", description = "jobs of this wave running at once")
        Integer jobsInFlight;

        @Option(names = "--skip-blocked", description = "leave out machines with blockers instead of refusing "
                + "the wave")
        boolean skipBlocked;

        @Option(names = "--hold", description = "keep the wave PLANNED until ferry waves resume")
        boolean hold;
    }

    @Command(name = "submit", description = { "Submit a wave (operator), from a JSON request file (the API's "
            + "form), options, or both. Machines with blockers are refused with the reasons unless --skip-blocked.",
            "Example: ferry waves submit --name finance-1 --profile hyperv-2019-gen1 --source vc-prod --dry-run" })
    int submit(@Parameters(paramLabel = "FILE", arity = "0..1", description = "wave request (JSON)") Path file,
            @Mixin WaveOptions options,
            @Option(names = "--dry-run", description = "show the plan; store and start nothing") boolean dryRun,
            @Option(names = { "-w", "--watch" }, description = "follow the wave until it ends") boolean watch,
            @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE", description = "with --watch: auto, live or plain") WaveFollower.Mode mode)
            throws IOException, InterruptedException {
        ObjectNode request = request(file, options);
        if (dryRun) {
            request.put("dryRun", true);
        }
        JsonNode plan = scheduler().post("/api/v1/waves", request);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(plan);
        } else {
            printPlan(printer, plan);
        }
        if (watch && !dryRun) {
            return new WaveFollower(scheduler(), printer, ferry().terminal()).follow(plan.path("waveId").asText(),
                    mode);
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", description = "List waves, newest first.")
    int list(@Mixin PagingOptions paging,
            @Option(names = "--state", description = "only waves in this state: PLANNED, SCHEDULED, RUNNING, "
                    + "PAUSED, COMPLETED, COMPLETED_WITH_FAILURES or CANCELLED") String state) {
        JsonNode page = scheduler().get(paging.query().add("state", States.wave(state)).appendTo("/api/v1/waves"));
        return printPage(page, paging, new Table("ID", "NAME", "STATE", "JOBS", ">DONE", "CREATED"),
                wave -> new Object[] { Json.text(wave, "/id"), Json.text(wave, "/name"), Json.text(wave, "/state"),
                        WaveFollower.jobCounts(wave.path("jobs")), HumanUnits.percent(Json.number(wave, "/bytesDone",
                                0), Json.number(wave, "/bytesTotal", 0)) + "%",
                        HumanUnits.time(Json.text(wave, "/createdAt")) });
    }

    @Command(name = "get", description = "Show a wave: state, jobs per state, bytes, rate, ETA and its history.")
    int get(@Parameters(paramLabel = "WAVE", description = "wave id") String id) {
        JsonNode wave = scheduler().get("/api/v1/waves/" + id);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(wave);
            return ExitCodes.OK;
        }
        printer.out().print(new Details().add("id", Json.text(wave, "/id")).add("name", Json.text(wave, "/name"))
                .add("state", Json.text(wave, "/state")).add("profile", Json.text(wave, "/profileId"))
                .add("target", Json.text(wave, "/target/storageRoot") + ":" + Json.text(wave, "/target/folder"))
                .add("jobs", WaveFollower.jobCounts(wave.path("jobs")))
                .add("progress", HumanUnits.percent(Json.number(wave, "/bytesDone", 0), Json.number(wave,
                        "/bytesTotal", 0)) + "%, " + HumanUnits.bytes(Json.number(wave, "/bytesDone", 0)) + " of "
                        + HumanUnits.bytes(Json.number(wave, "/bytesTotal", 0)))
                .add("rate", Json.number(wave, "/bytesPerSecond", 0) > 0 ? HumanUnits.rate(Json.number(wave,
                        "/bytesPerSecond", 0)) : null)
                .add("ETA", HumanUnits.time(Json.text(wave, "/estimatedFinish")))
                .add("created", HumanUnits.time(Json.text(wave, "/createdAt")))
                .render());
        Table history = new Table("AT", "STATE", "REASON");
        wave.path("transitions").forEach(step -> history.row(HumanUnits.time(Json.text(step, "/at")), Json.text(step, "/to"),
                Json.text(step, "/reason")));
        if (!history.isEmpty()) {
            printer.line("");
            printer.table(history);
        }
        return ExitCodes.OK;
    }

    @Command(name = "watch", description = "Follow a wave live until it ends: a progress bar per running job on "
            + "a terminal, one line per change otherwise. Exit code 0 when it completed, 1 otherwise.")
    int watch(@Parameters(paramLabel = "WAVE", description = "wave id") String id,
            @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE", description = "auto (default), live or plain") WaveFollower.Mode mode)
            throws InterruptedException {
        return new WaveFollower(scheduler(), printer(), ferry().terminal()).follow(id, mode);
    }

    @Command(name = "pause", description = "Admit no new jobs; running ones finish (operator).")
    int pause(@Parameters(paramLabel = "WAVE", description = "wave id") String id) {
        return act(id, "pause");
    }

    @Command(name = "resume", description = "Resume a paused wave or start a held one (operator).")
    int resume(@Parameters(paramLabel = "WAVE", description = "wave id") String id) {
        return act(id, "resume");
    }

    @Command(name = "cancel", description = "Cancel a wave: running jobs are stopped, the rest never start "
            + "(operator).")
    int cancel(@Parameters(paramLabel = "WAVE", description = "wave id") String id) {
        return act(id, "cancel");
    }

    @Command(name = "rerun", description = "Queue a finished wave's failed and cancelled jobs again (operator).")
    int rerun(@Parameters(paramLabel = "WAVE", description = "wave id") String id) {
        return act(id, "rerun");
    }

    private int act(String id, String action) {
        return printOne(scheduler().post("/api/v1/waves/" + id + "/" + action, null), wave -> String.format(
                Locale.ROOT, "wave %s is %s%n", Json.text(wave, "/name"), Json.text(wave, "/state")));
    }

    private ObjectNode request(Path file, WaveOptions options) throws IOException {
        ObjectNode request = file == null ? EventCodec.mapper().createObjectNode()
                : readRequest(file);
        if (options.name != null) {
            request.put("name", options.name);
        }
        if (options.profile != null) {
            request.put("profileId", options.profile);
        }
        if (options.machines != null || options.source != null) {
            ArrayNode machines = request.putArray("machines");
            if (options.machines != null) {
                options.machines.forEach(id -> machines.add(id.strip()));
            }
            if (options.source != null) {
                machinesOf(SourceLookup.id(inventory(), options.source)).forEach(machines::add);
            }
        }
        ObjectNode target = request.has("target") && request.get("target").isObject()
                ? (ObjectNode) request.get("target")
                : request.putObject("target");
        if (options.storageRoot != null || !target.has("storageRoot")) {
            target.put("storageRoot", options.storageRoot == null ? "default" : options.storageRoot);
        }
        if (options.folder != null || !target.has("folder")) {
            target.put("folder", options.folder != null ? options.folder : request.path("name").asText(""));
        }
        if (options.jobsInFlight != null) {
            ObjectNode limits = request.has("limits") ? (ObjectNode) request.get("limits")
                    : request.putObject(
                            "limits");
            limits.put("jobsInFlight", options.jobsInFlight);
        }
        if (options.skipBlocked) {
            request.put("skipBlocked", true);
        }
        if (options.hold) {
            request.put("hold", true);
        }
        String from = file == null ? "" : " (" + file + " has none)";
        if (request.path("name").asText("").isBlank()) {
            throw new UsageException("a wave needs a --name" + from);
        }
        if (request.path("profileId").asText("").isBlank()) {
            throw new UsageException("a wave needs a --profile" + from);
        }
        if (request.path("machines").isEmpty()) {
            throw new UsageException("a wave needs machines: --machines ID,... or --source SOURCE" + from);
        }
        return request;
    }

    private static ObjectNode readRequest(Path file) throws IOException {
        JsonNode read;
        try {
            read = EventCodec.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException(file + " is not a JSON wave request: " + e.getOriginalMessage());
        }
        if (read == null || !read.isObject()) {
            throw new UsageException(file + " is not a JSON wave request (an object)");
        }
        return (ObjectNode) read;
    }

    private List<String> machinesOf(String sourceId) {
        List<String> ids = new java.util.ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode answer = inventory().get(new QueryString().add("source", sourceId).add("page", page)
                    .add("size", 1000).appendTo("/api/v1/machines"));
            answer.path("items").forEach(machine -> ids.add(machine.path("id").asText()));
            if (ids.size() >= answer.path("total").asLong() || answer.path("items").isEmpty()) {
                return ids;
            }
        }
    }

    /** The plan: what was stored, per machine its verdict and target folder, and the refusals. */
    static void printPlan(Printer printer, JsonNode plan) {
        JsonNode counts = plan.at("/assessment/byReadiness");
        if (plan.path("dryRun").asBoolean()) {
            printer.line("dry run of wave %s (nothing stored): %d machine%s, %d ready, %d with conditions, %d not "
                    + "ready", Json.text(plan, "/name"), plan.path("jobs").size(),
                    plan.path("jobs").size() == 1 ? ""
                            : "s",
                    counts.path("READY").asInt(), counts.path("READY_WITH_CONDITIONS").asInt(),
                    counts.path("NOT_READY").asInt());
        } else {
            printer.line("wave %s (%s) submitted: %s, %d job%s", Json.text(plan, "/name"), Json.text(plan,
                    "/waveId"), Json.text(plan, "/state"), plan.path("jobs").size(),
                    plan.path("jobs").size() == 1
                            ? ""
                            : "s");
        }
        Table jobs = new Table(">#", "MACHINE", "READINESS", "TARGET", "PLAN");
        plan.path("jobs").forEach(job -> jobs.row(job.path("position").asInt() + 1, Json.text(job, "/machineName"),
                Json.text(job, "/readiness"), Json.text(job, "/target/storageRoot") + ":" + Json.text(job,
                        "/target/folder"),
                VerdictView.planLine(VerdictView.plan(job))));
        if (!jobs.isEmpty()) {
            printer.line("");
            printer.table(jobs);
        }
        if (!plan.path("refused").isEmpty()) {
            printer.line("");
            printer.line("refused (left out as BLOCKED):");
            plan.path("refused").forEach(machine -> printer.line("  %s: %s", Json.text(machine, "/name"),
                    String.join("; ", EventCodec.mapper().convertValue(machine.path("reasons"), String[].class))));
        }
        if (!plan.path("dryRun").asBoolean()) {
            printer.note("follow it with: ferry waves watch " + Json.text(plan, "/waveId"));
        }
    }
}
