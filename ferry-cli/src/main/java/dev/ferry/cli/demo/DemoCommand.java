package dev.ferry.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.command.ApiCommand;
import dev.ferry.cli.command.DiscoveryFollower;
import dev.ferry.cli.command.WaveFollower;
import dev.ferry.cli.http.ApiProblem;
import dev.ferry.cli.http.QueryString;
import dev.ferry.cli.output.HumanUnits;
import dev.ferry.cli.output.Json;
import dev.ferry.cli.output.Printer;
import dev.ferry.events.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry demo}: one small VM through the whole pipeline against a running Ferry: a sample OVA is made, registered
 * as a source and uploaded, the machine is assessed, a wave converts it while its progress is shown, and the converted
 * disk is compared with the original by qemu-img. bin/ferry-local demo runs it against the local stack.
 */
@Command(name = "demo", description = { "Migrate a small sample VM end to end against a running Ferry (bin/ferry-local "
        + "up first; bin/ferry-local demo sets everything up): make an OVA, register and discover it, assess it, "
        + "convert it in a wave while showing progress, and compare the converted disk with the original.",
        "Needs an admin token (it adds a source) and qemu-img and tar on this machine." })
public final class DemoCommand extends ApiCommand implements Callable<Integer> {

    static final String SOURCE_NAME = "ferry-demo";
    static final String FIRST_PROFILE = "hyperv-2019-gen2";
    static final String FALLBACK_PROFILE = "hyperv-2019-gen1";
    private static final int STEPS = 6;
    private static final Duration SCHEDULER_LEARNS_WITHIN = Duration.ofSeconds(60);

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".ferry/sources/demo", description = "where the sample VM is made (default .ferry/sources/demo)")
    Path workDir;

    @Option(names = "--targets", paramLabel = "DIR", description = "the local folder of the conversion workers' "
            + "'default' storage root, to find and check the converted disk (bin/ferry-local demo gives it)")
    Path targets;

    @Option(names = "--disk-mib", paramLabel = "MiB", defaultValue = "1024", description = "size of the sample "
            + "disk in MiB (default 1024; a quarter of it holds data)")
    long diskMib;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE", description = "how the wave's progress is shown: auto, live or plain")
    WaveFollower.Mode progress;

    private int step;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Printer printer = printer();
        if (workDir == null) {
            workDir = ferry().ferryHome().resolve("sources/demo");
        }
        if (targets == null && Files.isDirectory(ferry().ferryHome().resolve("storage/targets"))) {
            targets = ferry().ferryHome().resolve("storage/targets");
        }
        try {
            ExternalTool.QEMU_IMG.requireInstalled();
            ExternalTool.TAR.requireInstalled();
            // Both services answer before anything is made (a clear exit 3 when the stack is down).
            scheduler().get("/api/v1/profiles");
            inventory().get("/api/v1/sources?size=1");
            printer.line("Ferry demo: a small VM from an OVA to Hyper-V, end to end.");
            printer.line("inventory %s, scheduler %s", inventory().base(), scheduler().base());

            SampleVm.SampleFiles sample = makeSample(printer);
            String machineId = discover(printer, sample);
            String profile = assess(printer, machineId);
            String waveId = submit(printer, machineId, profile);
            int outcome = new WaveFollower(scheduler(), printer, ferry().terminal()).follow(waveId, progress);
            if (outcome != ExitCodes.OK) {
                printer.line("");
                printer.line("The wave did not complete. ferry jobs list --wave %s shows each job and its error; "
                        + "the worker's log is under .ferry/logs/conversion.log.", waveId);
                return outcome;
            }
            return check(printer, waveId, sample);
        } catch (DemoException e) {
            printer.err().println("error: " + e.getMessage());
            printer.err().flush();
            return ExitCodes.FAILED;
        }
    }

    private SampleVm.SampleFiles makeSample(Printer printer) throws IOException {
        long diskBytes = diskMib << 20;
        step(printer, "Making a sample VM, %s: BIOS, 2 vCPUs, 2 GiB, a %s disk on IDE 0:0, an e1000 adapter",
                SampleVm.NAME, HumanUnits.bytes(diskBytes));
        SampleVm.SampleFiles sample = SampleVm.make(workDir, diskBytes);
        detail("disk %s -> streamOptimized VMDK (qemu-img) -> %s (%s)", sample.rawDisk().getFileName(),
                sample.ova(), HumanUnits.bytes(Files.size(sample.ova())));
        return sample;
    }

    private String discover(Printer printer, SampleVm.SampleFiles sample) throws InterruptedException {
        JsonNode source = findOrCreateSource();
        step(printer, "Uploading the OVA to OVF source '%s' and discovering it", SOURCE_NAME);
        String sourceId = source.path("id").asText();
        JsonNode run = inventory().upload(new QueryString().add("filename", sample.ova().getFileName().toString())
                .appendTo("/api/v1/sources/" + sourceId + "/uploads"), sample.ova());
        DiscoveryFollower discovery = new DiscoveryFollower(inventory(), printer, ferry().terminal());
        run = discovery.follow(run);
        if (!"SUCCEEDED".equals(run.path("state").asText())) {
            throw new DemoException("the discovery " + run.path("state").asText() + ": " + Json.text(run,
                    "/failure"));
        }
        detail("discovery SUCCEEDED: found %d, new %d, changed %d", Json.number(run, "/counts/found", 0),
                Json.number(run, "/counts/new", 0), Json.number(run, "/counts/changed", 0));
        JsonNode machines = inventory().get(new QueryString().add("source", sourceId).add("name", SampleVm.NAME)
                .appendTo("/api/v1/machines"));
        if (machines.path("items").isEmpty()) {
            throw new DemoException("the discovery found no machine named " + SampleVm.NAME);
        }
        JsonNode machine = machines.path("items").get(0);
        String machineId = machine.path("id").asText();
        detail("machine %s (%s): %s, %d vCPUs, %s, disk read in place from the OVA", SampleVm.NAME, machineId,
                Json.text(machine, "/guestOs/fullName"), Json.number(machine, "/cpu/count", 0),
                HumanUnits.bytes(Json.number(machine, "/memoryBytes", 0)));
        awaitScheduler(printer, machineId);
        return machineId;
    }

    private JsonNode findOrCreateSource() {
        JsonNode page = inventory().get("/api/v1/sources?size=1000");
        for (JsonNode source : page.path("items")) {
            if (SOURCE_NAME.equals(source.path("name").asText()) && "OVF".equals(source.path("kind").asText())) {
                return source;
            }
        }
        ObjectNode definition = EventCodec.mapper().createObjectNode().put("name", SOURCE_NAME).put("kind", "OVF");
        return inventory().post("/api/v1/sources", definition);
    }

    /** The inventory publishes the machine over Kafka; the scheduler plans only with machines it has received. */
    private void awaitScheduler(Printer printer, String machineId) throws InterruptedException {
        step(printer, "Waiting for the scheduler to receive the machine's record over Kafka");
        long deadline = System.nanoTime() + SCHEDULER_LEARNS_WITHIN.toNanos();
        while (true) {
            try {
                scheduler().get("/api/v1/machines/" + machineId);
                detail("received");
                return;
            } catch (ApiProblem notYet) {
                if (notYet.status() != 404 || System.nanoTime() > deadline) {
                    throw notYet.status() == 404 ? new DemoException("the scheduler has not received machine "
                            + machineId + " after " + SCHEDULER_LEARNS_WITHIN.toSeconds() + " s; see the "
                            + "scheduler's and inventory's logs") : notYet;
                }
                Thread.sleep(300);
            }
        }
    }

    /** Assesses against Generation 2 first; a BIOS machine is not ready for it, so Generation 1 is used instead. */
    private String assess(Printer printer, String machineId) {
        step(printer, "Assessing it against %s", FIRST_PROFILE);
        JsonNode verdict = assessment(machineId, FIRST_PROFILE);
        printVerdict(printer, verdict);
        if (!"NOT_READY".equals(verdict.path("readiness").asText())) {
            return FIRST_PROFILE;
        }
        printer.line("");
        detail("Not ready for Generation 2. Assessing it against %s instead:", FALLBACK_PROFILE);
        JsonNode fallback = assessment(machineId, FALLBACK_PROFILE);
        printVerdict(printer, fallback);
        if ("NOT_READY".equals(fallback.path("readiness").asText())) {
            throw new DemoException("the sample VM is not ready for " + FALLBACK_PROFILE + " either");
        }
        return FALLBACK_PROFILE;
    }

    private JsonNode assessment(String machineId, String profile) {
        ObjectNode request = EventCodec.mapper().createObjectNode().put("profileId", profile);
        request.putObject("machines").putArray("machineIds").add(machineId);
        return scheduler().post("/api/v1/assessments", request).path("machines").path(0);
    }

    private void printVerdict(Printer printer, JsonNode machine) {
        detail("%s: %s", SampleVm.NAME, machine.path("readiness").asText());
        for (JsonNode finding : machine.path("findings")) {
            detail("  %-8s %s", finding.path("severity").asText(), finding.path("message").asText());
            String remediation = Json.text(finding, "/remediation");
            if (remediation != null) {
                detail("           conversion: %s", remediation);
            }
        }
        JsonNode plan = machine.path("plan");
        if (!plan.isMissingNode()) {
            List<String> disks = new ArrayList<>();
            plan.path("disks").forEach(disk -> disks.add(Json.text(disk, "/fileName") + " on " + Json.text(disk,
                    "/slot/bus") + " " + disk.at("/slot/controller").asInt() + ":"
                    + disk.at("/slot/location")
                            .asInt()));
            detail("  plan: Generation %d, %s, %d vCPUs, %s, disks %s", plan.path("generation").asInt(),
                    Json.text(plan, "/firmware"), plan.path("vcpus").asInt(), HumanUnits.bytes(plan.path(
                            "memoryBytes").asLong()),
                    String.join(", ", disks));
        }
    }

    private String submit(Printer printer, String machineId, String profile) {
        String name = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss",
                Locale.ROOT));
        step(printer, "Submitting wave %s (profile %s, storage root 'default', folder demo/%s) and following it",
                name, profile, name);
        ObjectNode request = EventCodec.mapper().createObjectNode().put("name", name).put("profileId", profile);
        request.putArray("machines").add(machineId);
        request.putObject("target").put("storageRoot", "default").put("folder", "demo/" + name);
        JsonNode plan = scheduler().post("/api/v1/waves", request);
        detail("wave %s is %s", Json.text(plan, "/waveId"), Json.text(plan, "/state"));
        printer.line("");
        return plan.path("waveId").asText();
    }

    private int check(Printer printer, String waveId, SampleVm.SampleFiles sample) {
        step(printer, "Checking the result");
        JsonNode jobs = scheduler().get(new QueryString().add("wave", waveId).appendTo("/api/v1/jobs"));
        JsonNode job = scheduler().get("/api/v1/jobs/" + jobs.path("items").path(0).path("id").asText());
        String folder = Json.text(job, "/target/folder");
        Path local = targets == null ? null : targets.resolve(folder);
        detail("written to storage root '%s', folder %s%s", Json.text(job, "/target/storageRoot"), folder,
                local == null ? "" : ": " + local.toAbsolutePath().normalize());
        JsonNode disk = job.path("disks").path(0);
        String fileName = Json.text(disk, "/fileName");
        detail("converted disk: %s (%s, %s on disk, digest %s)", fileName, Json.text(disk, "/targetFormat"),
                HumanUnits.bytes(Json.number(disk, "/fileSize", 0)), Json.text(disk, "/digest"));
        List<String> definition = new ArrayList<>();
        job.path("definitionFiles").forEach(file -> definition.add(file.asText()));
        detail("VM definition:  %s", String.join(", ", definition));
        if (local == null) {
            detail("(give --targets DIR, the 'default' storage root's folder, to compare the disk with qemu-img)");
            return ExitCodes.OK;
        }
        Path converted = local.resolve(fileName);
        if (!Files.isRegularFile(converted)) {
            throw new DemoException("the converted disk is not at " + converted + "; is --targets the folder of the "
                    + "workers' 'default' storage root?");
        }
        ExternalTool.Result compare = ExternalTool.QEMU_IMG.attempt("compare", "-f", "raw", "-F", Json.text(disk,
                "/targetFormat"), sample.rawDisk().toString(), converted.toString());
        detail("qemu-img compare %s %s: %s", sample.rawDisk().getFileName(), converted.getFileName(), compare
                .output().strip());
        if (compare.exitCode() != 0) {
            throw new DemoException("the converted disk differs from the original");
        }
        printer.line("");
        printer.line("Done: %s was converted, verified by the worker and by qemu-img, and its Hyper-V definition "
                + "written.", SampleVm.NAME);
        printer.line("  disk:       %s", converted.toAbsolutePath().normalize());
        for (String file : definition) {
            printer.line("  definition: %s", local.resolve(file).toAbsolutePath().normalize());
        }
        printer.line("Next: bin/ferry waves get %s, bin/ferry jobs get %s, bin/ferry machines list, bin/ferry --help",
                waveId, Json.text(job, "/id"));
        return ExitCodes.OK;
    }

    private void step(Printer printer, String format, Object... arguments) {
        printer.line("");
        printer.line("[%d/%d] %s", ++step, STEPS, String.format(Locale.ROOT, format, arguments));
    }

    private void detail(String format, Object... arguments) {
        printer().line("      " + String.format(Locale.ROOT, format, arguments));
    }
}
