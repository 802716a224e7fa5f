package dev.ferry.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.UsageException;
import dev.ferry.cli.http.QueryString;
import dev.ferry.cli.output.HumanUnits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry upload SOURCE FILE}: sends an RVTools export or an OVA to its source, which starts a discovery. */
@Command(name = "upload", description = "Upload an RVTools export (XLSX, CSV, zip of CSVs) or an OVA to a source "
        + "(operator); this starts a discovery, which --wait follows to the end.")
public final class UploadCommand extends ApiCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "id or name of an RVTOOLS or OVF source")
    String source;

    @Parameters(index = "1", paramLabel = "FILE", description = "the file to upload")
    Path file;

    @Option(names = { "-w", "--wait" }, description = "follow the discovery until it ends")
    boolean waitForEnd;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        String id = SourceLookup.id(inventory(), source);
        long size = Files.size(file);
        long started = System.nanoTime();
        JsonNode run = inventory().upload(new QueryString().add("filename", file.getFileName().toString())
                .appendTo("/api/v1/sources/" + id + "/uploads"), file);
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        printer().note(String.format(Locale.ROOT, "uploaded %s (%s) in %.1f s", file.getFileName(),
                HumanUnits.bytes(size), seconds));
        DiscoveryFollower follower = new DiscoveryFollower(inventory(), printer(), ferry().terminal());
        return follower.report(waitForEnd ? follower.follow(run) : run);
    }
}
