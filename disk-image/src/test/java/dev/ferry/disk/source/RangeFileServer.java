package dev.ferry.disk.source;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTP(S) file server on loopback for tests, serving byte arrays by path with {@code Range} support, and able to
 * misbehave on request: ignore ranges, refuse HEAD, demand a header, fail or truncate the first answers, or stall.
 */
final class RangeFileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(12);
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger truncationsLeft = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean ignoreRange;
    private volatile boolean refuseHead;
    private volatile boolean stallBodies;
    private volatile String requiredHeader;
    private volatile String requiredValue;
    private volatile String lastQuery;

    private RangeFileServer(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    static RangeFileServer http() throws IOException {
        return new RangeFileServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static RangeFileServer https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new RangeFileServer(server);
    }

    RangeFileServer serve(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    /** The URL of {@code path} on this server, e.g. {@code http://127.0.0.1:1234/folder/disk.vmdk}. */
    String url(String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    RangeFileServer ignoringRange() {
        ignoreRange = true;
        return this;
    }

    RangeFileServer refusingHead() {
        refuseHead = true;
        return this;
    }

    RangeFileServer stallingBodies() {
        stallBodies = true;
        return this;
    }

    RangeFileServer requiring(String header, String value) {
        requiredHeader = header;
        requiredValue = value;
        return this;
    }

    /** The next {@code count} requests get 503. */
    RangeFileServer failingFirst(int count) {
        failuresLeft.set(count);
        return this;
    }

    /** The next {@code count} GET requests get a body cut short. */
    RangeFileServer truncatingFirst(int count) {
        truncationsLeft.set(count);
        return this;
    }

    int requests() {
        return requests.get();
    }

    int maxConcurrent() {
        return maxConcurrent.get();
    }

    String lastQuery() {
        return lastQuery;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try (exchange) {
            lastQuery = exchange.getRequestURI().getRawQuery();
            respond(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private void respond(HttpExchange exchange) throws IOException, InterruptedException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (requiredHeader != null && !requiredValue.equals(exchange.getRequestHeaders().getFirst(requiredHeader))) {
            exchange.sendResponseHeaders(401, -1);
            return;
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        byte[] content = files.get(exchange.getRequestURI().getPath());
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (head) {
            if (refuseHead) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().set("Content-Length", Long.toString(content.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        int first = 0;
        int last = content.length - 1;
        int status = 200;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        if (!ignoreRange && matcher != null && matcher.matches()) {
            first = Integer.parseInt(matcher.group(1));
            last = Math.min(content.length - 1, Integer.parseInt(matcher.group(2)));
            if (first >= content.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + content.length);
        }
        int length = last - first + 1;
        exchange.sendResponseHeaders(status, length);
        OutputStream body = exchange.getResponseBody();
        if (truncationsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            body.write(content, first, length / 2);
            body.flush();
            // Closing a fixed-length exchange early drops the connection: a cut-off body, as on a network failure.
            return;
        }
        if (stallBodies) {
            body.write(content, first, Math.min(length, 100));
            body.flush();
            release.await();
            return;
        }
        body.write(content, first, length);
    }
}
