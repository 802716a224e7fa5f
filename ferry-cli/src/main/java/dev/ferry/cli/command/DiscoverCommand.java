package dev.ferry.cli.command;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry discover SOURCE}: starts a discovery run of a source, and with --wait follows it to the end. */
@Command(name = "discover", description = "Discover a source's machines (operator). With --wait, shows progress "
        + "until the run ends and prints what it found; exit code 1 when it failed.")
public final class DiscoverCommand extends ApiCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SOURCE", description = "id or name")
    String source;

    @Option(names = { "-w", "--wait" }, description = "follow the run until it ends")
    boolean waitForEnd;

    @Override
    public Integer call() throws InterruptedException {
        String id = SourceLookup.id(inventory(), source);
        JsonNode run = inventory().post("/api/v1/sources/" + id + "/discoveries", null);
        DiscoveryFollower follower = new DiscoveryFollower(inventory(), printer(), ferry().terminal());
        return follower.report(waitForEnd ? follower.follow(run) : run);
    }
}
