package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs qemu-io (Debian's qemu-utils) to shape test images the way a running guest would: writes, zero writes and
 * discards into qcow2 overlays, applied identically to a raw ground-truth copy.
 */
public final class QemuIo {

    private static final long TIMEOUT_SECONDS = 120;

    private QemuIo() {
    }

    /** Runs each of {@code commands} (for example {@code "write -z 0 1M"}) against {@code file}. */
    public static void run(Path file, String format, String... commands) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String each : commands) {
            command.add("-c");
            command.add(each);
        }
        command.add(file.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("qemu-io did not finish: " + command);
            }
            if (process.exitValue() != 0 || output.contains("failed") || output.contains("error")) {
                throw new IllegalStateException("qemu-io failed (exit " + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run qemu-io (install Debian's qemu-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
