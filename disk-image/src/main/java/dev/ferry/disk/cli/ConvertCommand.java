package dev.ferry.disk.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.convert.CancellationToken;
import dev.ferry.disk.convert.ConversionOptions;
import dev.ferry.disk.convert.ConversionResult;
import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.disk.convert.Throttle;
import dev.ferry.disk.convert.TreeDigest;
import dev.ferry.disk.write.DiskWriters;
import dev.ferry.disk.write.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry-disk convert SRC DST}: converts an image, resumably, with an optional digest and verification. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Converts SRC into a new image DST. Zeros are skipped, not written. DST grows as DST.part "
                + "and gets its name only when finished; if interrupted, the same command resumes from the last "
                + "checkpoint (DST.part.checkpoint). DST is on disk (fsynced) before it gets its name, unless "
                + "--no-sync." })
final class ConvertCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private FerryDisk ferryDisk;

    @Parameters(index = "0", paramLabel = "SRC", description = "source image: a file path, an http(s):// URL or an "
            + "nbd:// or nbd+unix:// URI (format detected from content)")
    private String source;

    @Parameters(index = "1", paramLabel = "DST", description = "target image file")
    private Path target;

    @Option(names = "-O", paramLabel = "FORMAT", description = "target format: raw, vmdk, vhd, vhdx, qcow2 "
            + "(default: raw)")
    private String format = "raw";

    @Option(names = "--subformat", paramLabel = "X", description = "target variant, e.g. sparse (raw), dynamic or "
            + "fixed (VHD/VHDX), streamOptimized (VMDK); default: the format's default")
    private String subformat;

    @Option(names = "--block-size", paramLabel = "SIZE", converter = ByteSize.class, description = "target allocation unit (VHD/VHDX block, qcow2 cluster), e.g. 2M; default: the format's")
    private long blockSize;

    @Option(names = "-o", paramLabel = "KEY=VALUE", description = "format-specific target option, repeatable")
    private Map<String, String> properties = Map.of();

    @Option(names = "--chunk-size", paramLabel = "SIZE", converter = ByteSize.class, description = "guest bytes per chunk (default: 2M)")
    private long chunkSize = ConversionOptions.DEFAULT_CHUNK_SIZE;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: twice the processors, 8 to 32)")
    private Integer threads;

    @Option(names = "--buffers", paramLabel = "N", description = "chunks in flight at most (default: 2 x threads, within 32M of buffers)")
    private Integer buffers;

    @Option(names = "--checksum", description = "print the " + TreeDigest.ALGORITHM + " digest of the content")
    private boolean checksum;

    @Option(names = "--verify", description = "read the finished target back and compare its digest with the "
            + "source's (implies --checksum)")
    private boolean verify;

    @Option(names = "--overwrite", description = "replace DST if it exists")
    private boolean overwrite;

    @Option(names = "--no-resume", description = "ignore an earlier run's checkpoint and start over")
    private boolean noResume;

    @Option(names = "--max-rate", paramLabel = "SIZE", converter = ByteSize.class, description = "read at most this many bytes per second, e.g. 100M (default: unlimited)")
    private long maxRate;

    @Option(names = "--checkpoint-every", paramLabel = "SIZE", converter = ByteSize.class, description = "checkpoint after this many bytes read (default: 1G; 0: never by size)")
    private long checkpointEveryBytes = 1L << 30;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", description = "checkpoint at least this often (default: 60; 0: never by time)")
    private long checkpointIntervalSeconds = 60;

    @Option(names = "--no-sync", description = "do not wait for the disk to write DST (as qemu-img convert by "
            + "default): faster where the disk is the limit, but a machine crash soon after can lose or damage DST; "
            + "writes no checkpoints, so a rerun after an interruption starts over (or from a checkpoint an "
            + "earlier run left)")
    private boolean noSync;

    @Option(names = { "-q", "--quiet" }, description = "no progress display")
    private boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ImageFormat targetFormat = ImageFormat.parse(format);
        // Fails before anything is opened when the format or subformat cannot be written.
        String targetSubformat = DiskWriters.canonicalSubformat(targetFormat, subformat);
        ProgressDisplay display = ProgressDisplay.onStderr(spec.commandLine().getErr(), quiet);
        // Ctrl-C cancels: the conversion checkpoints what it committed (unless --no-sync), and the same command
        // resumes from there.
        CancellationToken cancellation = ferryDisk.interruption();
        if (noResume) {
            ImageConverter.discardPartial(target);
        }

        ConversionResult result;
        ConversionOptions options;
        try {
            OpenedSource opened = Sources.open(source);
            try (DiskImage image = DiskImages.open(opened.bytes())) {
                options = options(targetFormat, opened.fingerprint(), display, cancellation);
                result = new ImageConverter(options).convert(image, target);
            }
        } finally {
            display.endBar();
        }

        out.println(summary(result, targetFormat, targetSubformat));
        if (result.digest() != null) {
            out.println(TreeDigest.ALGORITHM + ": " + result.digest());
        }
        if (verify) {
            String targetDigest;
            try (DiskImage written = DiskImages.open(target)) {
                targetDigest = TreeDigest.of(written, readBackOptions(options));
            }
            if (!targetDigest.equals(result.digest())) {
                spec.commandLine().getErr().println("ferry-disk: verification failed: " + target + " has digest "
                        + targetDigest + ", the source " + result.digest());
                return ExitCode.INVALID_IMAGE;
            }
            out.println("verified: " + target + " holds the same content as " + source);
        }
        return ExitCode.OK;
    }

    private ConversionOptions options(ImageFormat targetFormat, String sourceFingerprint, ProgressDisplay display,
            CancellationToken cancellation) {
        if (chunkSize > ConversionOptions.MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("--chunk-size must be at most " + ConversionOptions.MAX_CHUNK_SIZE);
        }
        ConversionOptions.Builder builder = ConversionOptions.builder()
                .targetFormat(targetFormat)
                .writeOptions(new WriteOptions(subformat, blockSize, properties))
                .chunkSize((int) chunkSize)
                .digest(checksum || verify)
                .overwrite(overwrite)
                .durable(!noSync)
                .sourceFingerprint(sourceFingerprint)
                .checkpointEvery(checkpointEveryBytes, Duration.ofSeconds(checkpointIntervalSeconds))
                .listener(display)
                .progressInterval(display.interval())
                .cancellation(cancellation);
        if (threads != null) {
            builder.threads(threads);
        }
        if (buffers != null) {
            builder.buffers(buffers);
        }
        if (maxRate > 0) {
            builder.throttle(Throttle.bytesPerSecond(maxRate));
        }
        return builder.build();
    }

    private static ConversionOptions readBackOptions(ConversionOptions options) {
        return ConversionOptions.builder()
                .threads(options.threads())
                .cancellation(options.cancellation())
                .build();
    }

    private String summary(ConversionResult result, ImageFormat targetFormat, String targetSubformat) {
        double seconds = Math.max(result.duration().toNanos() / 1e9, 1e-9);
        return String.format(Locale.ROOT, "converted %s to %s (%s, %s): %s; read %s, wrote %s, skipped %s of zeros "
                + "in %.1f s (%s/s)%s", source, target, targetFormat.displayName(), targetSubformat,
                ByteSize.format(result.virtualSize()), ByteSize.format(result.bytesRead()),
                ByteSize.format(result.bytesWritten()), ByteSize.format(result.zeroBytesSkipped()), seconds,
                ByteSize.format((result.virtualSize() - result.resumedFrom()) / seconds),
                result.resumedFrom() > 0 ? "; resumed at " + ByteSize.format(result.resumedFrom()) : "");
    }
}
