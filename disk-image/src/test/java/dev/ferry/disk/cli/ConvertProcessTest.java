package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
        Child run = Child.start(folder, "convert", "-q", source.toString(), clean.toString());
        assertThat(run.waitForExit()).as(run.stderrSoFar()).isZero();
    }

    @Test
    void aKilledConversionResumesFromItsCheckpointToTheSameBytes() throws Exception {
        Path target = folder.resolve("target.raw");
        // Throttled so that the kill comes long before the end.
        Child doomed = Child.start(folder, "convert", "--max-rate", "48M", "--checkpoint-every", "8M",
                "--chunk-size", "1M", source.toString(), target.toString());
        long checkpointed = doomed.awaitStderr(CHECKPOINT);
        doomed.signal("KILL"); // kill -9: no shutdown hooks, no cleanup
        assertThat(doomed.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(doomed.process().exitValue()).isNotZero();
        assertThat(target).doesNotExist();
        assertThat(ImageConverter.partFile(target)).exists();
        assertThat(ImageConverter.checkpointFile(target)).exists();

        Child rerun = Child.start(folder, "convert", "--chunk-size", "1M", source.toString(), target.toString());
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
        Child interrupted = Child.start(folder, "convert", "--checksum", "--max-rate", "48M", "--checkpoint-every",
                "8M", source.toString(), target.toString());
        long checkpointed = interrupted.awaitStderr(CHECKPOINT);
        interrupted.signal("TERM"); // like Ctrl-C: cancel, checkpoint, exit
        assertThat(interrupted.process().waitFor(20, TimeUnit.SECONDS)).as("stopped promptly").isTrue();
        interrupted.waitForExit();
        assertThat(interrupted.stderrSoFar()).contains("interrupted; run the same command again to resume");
        assertThat(target).doesNotExist();

        Child rerun = Child.start(folder, "convert", "--checksum", source.toString(), target.toString());
        long resumedFrom = rerun.awaitStderr(RESUMED);
        assertThat(rerun.waitForExit()).as(rerun.stderrSoFar()).isZero();

        // The cancellation wrote a checkpoint of its own, at or after the last periodic one.
        assertThat(resumedFrom).isGreaterThanOrEqualTo(checkpointed);
        assertThat(Files.mismatch(clean, target)).isEqualTo(-1);
    }

    /** A ferry-disk process started from the test class path, with its stderr read line by line. */
    private record Child(Process process, BufferedReader stderr, List<String> linesRead) {

        static Child start(Path folder, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    FerryDisk.class.getName()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Child(process, new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8)), new ArrayList<>());
        }

        /** Reads stderr until a line matches and returns the pattern's first group as a number. */
        long awaitStderr(Pattern pattern) throws IOException {
            for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
                linesRead.add(line);
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return Long.parseLong(matcher.group(1));
                }
            }
            throw new AssertionError("process ended without printing " + pattern + ": " + linesRead);
        }

        /** Sends a signal with kill(1); Process.destroy would also close the streams the test still reads. */
        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
        }

        int waitForExit() throws Exception {
            for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
                linesRead.add(line);
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("ferry-disk did not finish: " + linesRead);
            }
            return process.exitValue();
        }

        String stderrSoFar() {
            return String.join("\n", linesRead);
        }
    }
}
