package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against a server with a self-signed certificate, as many vCenters have: refused by default, accepted when its
 * SHA-256 fingerprint is pinned (even though its name does not match the address), refused with any other pin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsPinningTest {

    private static final String DISK = "/folder/disk.vmdk";
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path folder;

    private final byte[] content = new byte[100_000];
    private RangeFileServer server;
    private String fingerprint;

    @BeforeAll
    void startServerWithSelfSignedCertificate() throws Exception {
        Path keystore = folder.resolve("server.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=vcenter.example", "-ext", "san=dns:vcenter.example",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        fingerprint = PinnedCertificateTrustManager.fingerprint((X509Certificate) store.getCertificate("server"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        new SplittableRandom(1).nextBytes(content);
        server = RangeFileServer.https(tls).serve(DISK, content);
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void refusesTheSelfSignedCertificateByDefault() {
        assertThatThrownBy(() -> ByteSources.open(server.url(DISK)))
                .isInstanceOf(SSLException.class)
                .hasMessageContaining(server.url(DISK));
    }

    @Test
    void acceptsExactlyThePinnedCertificate() throws Exception {
        // vCenter shows fingerprints as upper case hex pairs separated by colons.
        String vcenterStyle = HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(
                fingerprint));
        SourceOptions pinned = SourceOptions.builder().pinnedCertificateSha256(vcenterStyle).build();
        try (ByteSource source = ByteSources.open(server.url(DISK), pinned)) {
            ByteBuffer buffer = ByteBuffer.allocate(50_000);
            source.readFully(25_000, buffer);
            assertThat(buffer.flip().mismatch(ByteBuffer.wrap(content, 25_000, 50_000))).isEqualTo(-1);
        }
    }

    @Test
    void refusesACertificateWhoseFingerprintDiffersFromThePin() {
        String other = (fingerprint.charAt(0) == '0' ? "1" : "0") + fingerprint.substring(1);
        SourceOptions pinned = SourceOptions.builder().pinnedCertificateSha256(other).build();
        assertThatThrownBy(() -> ByteSources.open(server.url(DISK), pinned))
                .isInstanceOf(SSLException.class)
                .hasMessageContaining("does not match the pinned fingerprint " + other);
    }

    @Test
    void rejectsMalformedPins() {
        for (String malformed : List.of("", "abc", fingerprint + "00", fingerprint.replace(fingerprint.charAt(5),
                'g'))) {
            assertThatThrownBy(() -> SourceOptions.builder().pinnedCertificateSha256(malformed))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
