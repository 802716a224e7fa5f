package dev.ferry.disk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A ferry-disk process started from the test class path, as a user would start one, with its stderr read by line. */
record FerryDiskProcess(Process process, BufferedReader stderr, List<String> linesRead) {

    static FerryDiskProcess start(Path folder, String... args) throws IOException {
        return startUnder(List.of(), folder, args);
    }

    /** Starts ferry-disk under {@code wrapper}, a command that runs the rest of its command line (strace, say). */
    static FerryDiskProcess startUnder(List<String> wrapper, Path folder, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), FerryDisk.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new FerryDiskProcess(process, new BufferedReader(new InputStreamReader(process.getErrorStream(),
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

    /**
     * Sends a signal with kill(1); Process.destroy would also close the streams the test still reads. Under a wrapper
     * the signal goes to the wrapper.
     */
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
