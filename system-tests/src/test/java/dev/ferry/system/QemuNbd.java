package dev.ferry.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * {@code qemu-nbd} serving one image read-only over NBD on a loopback TCP port, as on a physical host whose disk is
 * exported for conversion. Stopped (by its own process) on close.
 */
final class QemuNbd implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String export;

    private QemuNbd(Process process, int port, String export) {
        this.process = process;
        this.port = port;
        this.export = export;
    }

    /** Serves {@code image} of {@code format} as export {@code export}; returns once the port accepts connections. */
    static QemuNbd serve(Path image, String format, String export) throws IOException {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of("qemu-nbd", "--persistent", "--read-only", "--shared=8",
                "--bind=127.0.0.1", "--port=" + port, "--export-name=" + export, "--format=" + format,
                image.toString()))
                .redirectErrorStream(true)
                .redirectOutput(image.resolveSibling(export + "-qemu-nbd.log").toFile())
                .start();
        QemuNbd server = new QemuNbd(process, port, export);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(server::accepts);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The export's URI, as ferry-agent reports it. */
    String uri() {
        return "nbd://127.0.0.1:" + port + "/" + export;
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("qemu-nbd exited with " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
