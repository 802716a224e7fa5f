package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.convert.ImageConverter;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;

/** Stops real ferry-disk processes in the middle of a conversion, then resumes, as a crashed worker would. */
class ConvertProcessTest {

    private static final long SIZE = 256L << 20;
    private static final Pattern CHECKPOINT = Pattern.compile("checkpoint at guest offset (\\d+)");
    private static final Pattern RESUMED = Pattern.compile("resuming from the checkpoint at guest offset (\\d+)");

    @TempDir
    Path folder;

    private Path source;
    private Path clean;

    @BeforeEach
    void createSourceAndCleanCopy() throws Exception {
        // 256 MiB with about a quarter data; the rest are holes that cost no disk space.
        source = SyntheticDisk.scattered(SIZE, 51, 0.15, 0.1, 256 << 10, 6 << 20)
                .writeRaw(folder.resolve("source.raw"));
        clean = folder.resolve("clean.raw");
        FerryDiskProcess run = FerryDiskProcess.start(folder, "convert", "-q", source.toString(), clean.toString());
        assertThat(run.waitForExit()).as(run.stderrSoFar()).isZero();
    }

    @Test
    void aKilledConversionResumesFromItsCheckpointToTheSameBytes() throws Exception {
        Path target = folder.resolve("target.raw");
        // Throttled so that the kill comes long before the end.
        FerryDiskProcess doomed = FerryDiskProcess.start(folder, "convert", "--max-rate", "48M",
                "--checkpoint-every", "8M", "--chunk-size", "1M", source.toString(), target.toString());
        long checkpointed = doomed.awaitStderr(CHECKPOINT);
        doomed.signal("KILL"); // kill -9: no shutdown hooks, no cleanup
        assertThat(doomed.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(doomed.process().exitValue()).isNotZero();
        assertThat(target).doesNotExist();
        assertThat(ImageConverter.partFile(target)).exists();
        assertThat(ImageConverter.checkpointFile(target)).exists();

        FerryDiskProcess rerun = FerryDiskProcess.start(folder, "convert", "--chunk-size", "1M",
                source.toString(), target.toString());
        long resumedFrom = rerun.awaitStderr(RESUMED);
        assertThat(rerun.waitForExit()).as(rerun.stderrSoFar()).isZero();

        assertThat(resumedFrom).isGreaterThanOrEqualTo(checkpointed).isLessThan(SIZE);
        assertThat(Files.mismatch(clean, target)).isEqualTo(-1);
        assertThat(QemuImg.compare(source, "raw", target, "raw").ok()).isTrue();
        assertThat(ImageConverter.checkpointFile(target)).doesNotExist();
    }

    @Test
    void anInterruptedConversionCheckpointsAndStopsPromptly() throws Exception {
        Path target = folder.resolve("target.raw");
        FerryDiskProcess interrupted = FerryDiskProcess.start(folder, "convert", "--checksum", "--max-rate", "48M",
                "--checkpoint-every", "8M", source.toString(), target.toString());
        long checkpointed = interrupted.awaitStderr(CHECKPOINT);
        interrupted.signal("TERM"); // like Ctrl-C: cancel, checkpoint, exit
        assertThat(interrupted.process().waitFor(20, TimeUnit.SECONDS)).as("stopped promptly").isTrue();
        interrupted.waitForExit();
        assertThat(interrupted.stderrSoFar()).contains("interrupted; run the same command again to resume");
        assertThat(target).doesNotExist();

        FerryDiskProcess rerun = FerryDiskProcess.start(folder, "convert", "--checksum", source.toString(),
                target.toString());
        long resumedFrom = rerun.awaitStderr(RESUMED);
        assertThat(rerun.waitForExit()).as(rerun.stderrSoFar()).isZero();

        // The cancellation wrote a checkpoint of its own, at or after the last periodic one.
        assertThat(resumedFrom).isGreaterThanOrEqualTo(checkpointed);
        assertThat(Files.mismatch(clean, target)).isEqualTo(-1);
    }
}
