package dev.ferry.disk.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.convert.ConversionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry-disk check IMAGE}: reads all metadata, walks all extents and reports problems. */
@Command(name = "check", mixinStandardHelpOptions = true, description = {
        "Reads an image's metadata and walks all its extents, reporting every problem found.",
        "Exit status 0 when the image is consistent, 1 when it is not." })
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "image file (format detected from its content)")
    private String image;

    @Option(names = "--read-data", description = "also read and decode every data extent (finds corrupt data)")
    private boolean readData;

    @Option(names = "--threads", paramLabel = "N", description = "threads reading data (default: twice the processors, 8 to 32)")
    private Integer threads;

    @Override
    public Integer call() throws Exception {
        ImageCheck.Report report;
        ConversionOptions.Builder readOptions = ConversionOptions.builder();
        if (threads != null) {
            readOptions.threads(threads);
        }
        try (DiskImage disk = Sources.openImage(image)) {
            report = ImageCheck.run(disk, readData, readOptions.build());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!report.problems().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            for (String problem : report.problems()) {
                err.println("ferry-disk: " + image + ": " + problem);
            }
            return ExitCode.INVALID_IMAGE;
        }
        out.println(image + ": no problems found; " + report.extents()
                + (report.extents() == 1 ? " extent, " : " extents, ")
                + ByteSize.format(report.dataBytes()) + " data, " + ByteSize.format(report.zeroBytes()) + " zeros"
                + (readData ? "; all data read" : ""));
        return ExitCode.OK;
    }
}
