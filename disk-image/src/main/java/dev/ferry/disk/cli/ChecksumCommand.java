package dev.ferry.disk.cli;

import java.util.concurrent.Callable;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.convert.ConversionOptions;
import dev.ferry.disk.convert.TreeDigest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry-disk checksum IMAGE}: the sha256-tree digest of the guest-visible content. */
@Command(name = "checksum", mixinStandardHelpOptions = true, description = {
        "Prints the " + TreeDigest.ALGORITHM + " digest of an image's guest-visible content, which is "
                + "the same for every format holding the same disk.",
        "Digest: SHA-256 over the SHA-256 of each 4 MiB of the disk (the last piece may be shorter)." })
final class ChecksumCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "image file (format detected from its content)")
    private String image;

    @Option(names = "--threads", paramLabel = "N", description = "threads reading and hashing (default: twice the processors, 8 to 32)")
    private Integer threads;

    @Option(names = { "-q", "--quiet" }, description = "no progress display")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        ProgressDisplay display = ProgressDisplay.onStderr(spec.commandLine().getErr(), quiet);
        ConversionOptions.Builder options = ConversionOptions.builder()
                .listener(display)
                .progressInterval(display.interval());
        if (threads != null) {
            options.threads(threads);
        }
        String digest;
        try (DiskImage disk = Sources.openImage(image)) {
            digest = TreeDigest.of(disk, options.build());
        } finally {
            display.endBar();
        }
        spec.commandLine().getOut().println(digest + "  " + image);
        return ExitCode.OK;
    }
}
