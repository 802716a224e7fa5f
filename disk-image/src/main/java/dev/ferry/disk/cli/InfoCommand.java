package dev.ferry.disk.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.ImageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry-disk info IMAGE}: what an image says about itself. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Shows an image's format, sizes, backing file, details and warnings.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "image file (format detected from its content)")
    private String image;

    @Override
    public Integer call() throws Exception {
        ImageInfo info;
        try (DiskImage disk = Sources.openImage(image)) {
            info = disk.info();
        }
        PrintWriter out = spec.commandLine().getOut();
        line(out, "image", image);
        String format = info.format().displayName();
        boolean variant = info.subformat() != null && !info.subformat().equalsIgnoreCase(format);
        line(out, "format", format + (variant ? " (" + info.subformat() + ")" : ""));
        line(out, "virtual size", sizeWithBytes(info.virtualSize()));
        line(out, "file size", sizeWithBytes(info.fileSize()));
        if (info.clusterSize() > 0) {
            line(out, "cluster size", sizeWithBytes(info.clusterSize()));
        }
        if (info.backing() != null) {
            line(out, "backing file", info.backing());
        }
        for (Map.Entry<String, String> detail : info.details().entrySet()) {
            line(out, detail.getKey(), detail.getValue());
        }
        for (String warning : info.warnings()) {
            line(out, "warning", warning);
        }
        return ExitCode.OK;
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-14s %s%n", label + ":", value);
    }

    private static String sizeWithBytes(long bytes) {
        return ByteSize.format(bytes) + " (" + bytes + " bytes)";
    }
}
