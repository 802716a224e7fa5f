package dev.ferry.conversion.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.ferry.disk.source.PinnedCertificateTrustManager;

/**
 * Serves one file the way a vSphere datastore's {@code /folder} URL does, over HTTPS with a self-signed certificate:
 * range requests, and a login by basic authentication that sets a {@code vmware_soap_session} cookie which later
 * requests must carry instead. Counts logins, so a test can tell that a worker logs in once per disk rather than once
 * per read. (The vSphere simulator itself is exercised by the inventory's tests.)
 */
public final class DatastoreServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private static final char[] KEYSTORE_PASSWORD = "changeit".toCharArray();

    private final HttpsServer server;
    private final Path file;
    private final String authorization;
    private final String session = "\"" + UUID.randomUUID() + "\"";
    private final String fingerprint;
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private DatastoreServer(HttpsServer server, Path file, String user, String password, String fingerprint) {
        this.server = server;
        this.file = file;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.fingerprint = fingerprint;
    }

    /** Serves {@code file} to {@code user} with {@code password}; the key pair is made in {@code folder}. */
    public static DatastoreServer start(Path folder, Path file, String user, String password)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path keystore = folder.resolve("datastore.p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=esxi.example", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(KEYSTORE_PASSWORD))
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool could not make a key pair");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, KEYSTORE_PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, KEYSTORE_PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        DatastoreServer datastore = new DatastoreServer(server, file, user, password,
                PinnedCertificateTrustManager.fingerprint((X509Certificate) store.getCertificate("server")));
        server.createContext("/folder/", datastore::answer);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        return datastore;
    }

    /** The file's URL, as vSphere spells datastore URLs. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/folder/vm01/" + file.getFileName()
                + "?dcPath=dc1&dsName=datastore1";
    }

    /** The SHA-256 fingerprint of the server's certificate, to pin. */
    public String fingerprint() {
        return fingerprint;
    }

    public int logins() {
        return logins.get();
    }

    public int refused() {
        return refused.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            if (cookie == null || !cookie.contains("vmware_soap_session=" + session)) {
                if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    refused.incrementAndGet();
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                logins.incrementAndGet();
                exchange.getResponseHeaders().add("Set-Cookie", "vmware_soap_session=" + session
                        + "; Path=/; HttpOnly; Secure");
            }
            long size = Files.size(file);
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().add("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher matcher = range == null ? null : RANGE.matcher(range);
            long first = 0;
            long last = size - 1;
            int status = 200;
            if (matcher != null && matcher.matches()) {
                first = Long.parseLong(matcher.group(1));
                last = Math.min(size - 1, Long.parseLong(matcher.group(2)));
                status = 206;
                exchange.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/" + size);
            }
            byte[] body = new byte[(int) (last - first + 1)];
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                in.seek(first);
                in.readFully(body);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
