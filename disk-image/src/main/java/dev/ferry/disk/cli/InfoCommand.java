package dev.ferry.disk.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.convert.ConversionOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry-disk info IMAGE}: what an image says about itself, and how much of the disk holds data (found by walking
 * its extents, which reads the allocation tables but no data).
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = {
        "Shows an image's format, virtual size, file size, allocated size (guest bytes that hold data rather than"
                + " known zeros, a backing chain's included), cluster or block size, backing file, details and"
                + " anything unusual." })
final class InfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "image file (format detected from its content)")
    private String image;

    @Override
    public Integer call() throws Exception {
        ImageInfo info;
        ImageCheck.Report extents;
        try (DiskImage disk = Sources.openImage(image)) {
            info = disk.info();
            extents = ImageCheck.run(disk, false, ConversionOptions.builder().build());
        }
        PrintWriter out = spec.commandLine().getOut();
        line(out, "image", image);
        String format = info.format().displayName();
        boolean variant = info.subformat() != null && !info.subformat().equalsIgnoreCase(format);
        line(out, "format", format + (variant ? " (" + info.subformat() + ")" : ""));
        line(out, "virtual size", sizeWithBytes(info.virtualSize()));
        line(out, "file size", sizeWithBytes(info.fileSize()));
        line(out, "allocated size", extents.problems().isEmpty() ? sizeWithBytes(extents.dataBytes())
                : "unknown: the allocation tables are damaged (see ferry-disk check)");
        line(out, "cluster size", info.clusterSize() > 0 ? sizeWithBytes(info.clusterSize())
                : "none (data is stored in place, not in clusters or blocks)");
        if (info.backing() != null) {
            line(out, "backing file", info.backing());
        }
        for (Map.Entry<String, String> detail : info.details().entrySet()) {
            line(out, detail.getKey(), detail.getValue());
        }
        for (String warning : info.warnings()) {
            line(out, "warning", warning);
        }
        for (String problem : extents.problems()) {
            line(out, "warning", problem);
        }
        return ExitCode.OK;
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-16s %s%n", label + ":", value);
    }

    private static String sizeWithBytes(long bytes) {
        return ByteSize.format(bytes) + " (" + bytes + " bytes)";
    }
}
