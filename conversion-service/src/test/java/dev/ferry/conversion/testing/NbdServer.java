package dev.ferry.conversion.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

/** A real NBD server (qemu-nbd or nbdkit) on a Unix socket for one test, stopped by its own process on close. */
public final class NbdServer implements AutoCloseable {

    private final Process process;
    private final String uri;

    private NbdServer(Process process, String uri) {
        this.process = process;
        this.uri = uri;
    }

    /** qemu-nbd serving {@code image} of {@code format} read-only as export {@code name}. */
    public static NbdServer qemuNbd(Path image, String format, String name) {
        Path socket = image.resolveSibling("qemu-nbd.sock");
        return start(List.of("qemu-nbd", "-t", "-r", "-f", format, "-k", socket.toString(), "-x", name,
                image.toString()), socket, "nbd+unix:///" + name + "?socket=" + socket);
    }

    /** nbdkit serving {@code plugin} with {@code arguments} (filters first), on a socket in {@code folder}. */
    public static NbdServer nbdkit(Path folder, String... arguments) {
        Path socket = folder.resolve("nbdkit.sock");
        List<String> command = new ArrayList<>(List.of("nbdkit", "-f", "--exit-with-parent", "-r", "-U",
                socket.toString()));
        command.addAll(List.of(arguments));
        return start(command, socket, "nbd+unix:///?socket=" + socket);
    }

    /**
     * nbdkit serving {@code size} of generated data (its pattern plugin) at no more than {@code bitsPerSecond}
     * (nbdkit's rate filter counts bits: "64M" is 8 MB/s), for conversions slow enough to watch.
     */
    public static NbdServer slowPattern(String size, String bitsPerSecond) {
        try {
            Path folder = Files.createDirectories(WorkerTestResources.sourceRoot().resolve(java.util.UUID.randomUUID()
                    .toString()));
            return nbdkit(folder, "--filter=rate", "pattern", "size=" + size, "rate=" + bitsPerSecond);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This export as a planned disk's source. */
    public dev.ferry.events.machine.DiskContent content() {
        return new dev.ferry.events.machine.DiskContent(dev.ferry.events.machine.DiskContent.Kind.NBD, uri, null,
                null, null);
    }

    private static NbdServer start(List<String> command, Path socket, String uri) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(socket.resolveSibling(socket.getFileName() + ".log").toFile()).start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket) || !process.isAlive());
            if (!process.isAlive()) {
                throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue());
            }
            return new NbdServer(process, uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String uri() {
        return uri;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
