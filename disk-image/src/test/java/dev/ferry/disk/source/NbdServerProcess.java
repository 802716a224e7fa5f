package dev.ferry.disk.source;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real NBD server (qemu-nbd or nbdkit) run in the foreground for a test, on loopback or a Unix socket in a temporary
 * folder; ready once it accepts connections, stopped (by its own process id) on close.
 */
final class NbdServerProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    private final String uri;

    private NbdServerProcess(Process process, Path log, String uri) {
        this.process = process;
        this.log = log;
        this.uri = uri;
    }

    /** {@code qemu-nbd} serving {@code file} of {@code format} read-only on loopback TCP as export {@code name}. */
    static NbdServerProcess qemuNbdTcp(Path folder, Path file, String format, String name) throws IOException {
        int port = freePort();
        return start(folder, List.of("qemu-nbd", "-t", "-r", "-f", format, "-b", "127.0.0.1", "-p",
                Integer.toString(port), "-x", name, file.toString()), new InetSocketAddress("127.0.0.1", port),
                "nbd://127.0.0.1:" + port + "/" + name);
    }

    /** {@code qemu-nbd} serving {@code file} read-only on a Unix socket as export {@code name}. */
    static NbdServerProcess qemuNbdUnix(Path folder, Path file, String format, String name) throws IOException {
        Path socket = folder.resolve("qemu-" + System.nanoTime() + ".sock");
        return start(folder, List.of("qemu-nbd", "-t", "-r", "-f", format, "-k", socket.toString(), "-x", name,
                file.toString()), UnixDomainSocketAddress.of(socket), "nbd+unix:///" + name + "?socket=" + socket);
    }

    /** {@code nbdkit} on loopback TCP with the given options, plugin and plugin arguments. */
    static NbdServerProcess nbdkitTcp(Path folder, String... pluginAndArguments) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("nbdkit", "-f", "--exit-with-parent", "-i", "127.0.0.1",
                "-p", Integer.toString(port)));
        command.addAll(List.of(pluginAndArguments));
        return start(folder, command, new InetSocketAddress("127.0.0.1", port), "nbd://127.0.0.1:" + port + "/");
    }

    /** {@code nbdkit} on a Unix socket with the given options, plugin and plugin arguments. */
    static NbdServerProcess nbdkitUnix(Path folder, String... pluginAndArguments) throws IOException {
        Path socket = folder.resolve("nbdkit-" + System.nanoTime() + ".sock");
        List<String> command = new ArrayList<>(List.of("nbdkit", "-f", "--exit-with-parent", "-U", socket
                .toString()));
        command.addAll(List.of(pluginAndArguments));
        return start(folder, command, UnixDomainSocketAddress.of(socket), "nbd+unix:///?socket=" + socket);
    }

    /** The NBD URI of the export. */
    String uri() {
        return uri;
    }

    /** The same server's URI with another export name. */
    String uriWithExport(String name) {
        return uri.contains("?") ? uri.replaceFirst("///[^?]*\\?", "///" + name + "?")
                : uri.replaceFirst("/[^/]*$", "/" + name);
    }

    /** Kills the server at once, as a crash would. */
    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static NbdServerProcess start(Path folder, List<String> command, SocketAddress address, String uri)
            throws IOException {
        Path log = Files.createTempFile(folder, "nbd-server", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NbdServerProcess server = new NbdServerProcess(process, log, uri);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!connectable(address)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not start: " + Files.readString(log));
            }
            // Poll again shortly; the server binds its socket within milliseconds of starting.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return server;
    }

    private static boolean connectable(SocketAddress address) {
        try (SocketChannel channel = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open()) {
            if (address instanceof UnixDomainSocketAddress unix && !Files.exists(unix.getPath())) {
                return false;
            }
            channel.connect(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }
}
