package dev.ferry.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a Ferry service's REST API in the command line's unit tests: canned answers per method and path, and
 * a record of every request (method, path with query, authorization, body). The end-to-end tests in system-tests run
 * the command line against the real services.
 */
public final class FakeApi implements AutoCloseable {

    /**
     * A request the fake received.
     *
     * @param pathAndQuery path, with "?query" when there is one
     */
    public record Request(String method, String pathAndQuery, String authorization, String contentType, String body) {
    }

    /** Writes an answer to an exchange (for streams). */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        // A thread per exchange, so that a held-open event stream does not block the next request.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public static FakeApi start() throws IOException {
        return new FakeApi();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code method path} (path without query) with a status and a JSON body. */
    public FakeApi answer(String method, String path, int status, String json) {
        return answer(method, path, exchange -> send(exchange, status, status >= 400 && json != null
                && json.contains("\"title\"") ? "application/problem+json" : "application/json", json));
    }

    public FakeApi answer(String method, String path, Handler handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The last request to {@code method path} (path without query), or null. */
    public Request last(String method, String path) {
        Request found = null;
        for (Request request : requests) {
            if (request.method().equals(method) && request.pathAndQuery().split("\\?")[0].equals(path)) {
                found = request;
            }
        }
        return found;
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), path + (query == null ? "" : "?" + query),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Handler handler = routes.get(exchange.getRequestMethod() + " " + path);
        if (handler == null) {
            send(exchange, 404, "application/problem+json", "{\"type\":\"https://ferry.dev/problems/not-found\","
                    + "\"title\":\"Not Found\",\"status\":404,\"detail\":\"nothing at " + path + "\"}");
            return;
        }
        handler.handle(exchange);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
