package dev.ferry.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.ferry.disk.source.PinnedCertificateTrustManager;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SyntheticDisk;

/** Source disk images for the system tests: data scattered among zeros, written by qemu-img in a source's format. */
final class SourceDisks {

    private SourceDisks() {
    }

    /** A raw disk of {@code size} bytes, about a third random data and a quarter text among zeros (sparse). */
    static Path raw(Path folder, String name, long size, long seed) throws IOException {
        return SyntheticDisk.scattered(size, seed, 0.35, 0.25, 64 << 10, 1 << 20).writeRaw(folder.resolve(name
                + ".raw"));
    }

    /** {@code raw} converted by qemu-img to {@code qemuFormat} with {@code options} ("subformat=streamOptimized"). */
    static Path convert(Path raw, String qemuFormat, String extension, String... options) {
        Path image = raw.resolveSibling(raw.getFileName().toString().replaceFirst("\\.raw$", "." + extension));
        QemuImg.convert(raw, "raw", image, qemuFormat, options);
        return image;
    }

    /**
     * Puts {@code image} on a vSphere datastore at {@code url} (a {@code /folder} URL), as an administrator uploading a
     * disk would, trusting the server's certificate by its SHA-256 {@code thumbprint}.
     */
    static void upload(URI url, String thumbprint, Path image) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(PinnedCertificateTrustManager.context(thumbprint))
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofFile(image)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the datastore refused " + image + " at " + url + ": HTTP " + response.statusCode());
        }
    }
}
