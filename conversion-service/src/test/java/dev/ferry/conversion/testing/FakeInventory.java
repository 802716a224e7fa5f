package dev.ferry.conversion.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.ferry.conversion.service.source.SourceCredentials;
import dev.ferry.events.EventCodec;

/**
 * Stands in for the inventory's {@code GET /api/v1/sources/{id}/credentials}, the endpoint workers expect: answers
 * the credentials registered for a source to requests bearing the worker's token, 401 to others, 404 for unknown
 * sources. Credentials are registered as files in a folder, so that tests and the Quarkus test resource (which may
 * live in another class loader) share them.
 */
final class FakeInventory {

    static final String TOKEN = "worker-service-token";

    private static final Pattern PATH = Pattern.compile("/api/v1/sources/([A-Za-z0-9-]+)/credentials");

    private final Path folder;

    private FakeInventory(Path folder) {
        this.folder = folder;
    }

    /** Starts a server answering from {@code folder}; returns its base URL. The server lives as long as the JVM. */
    static String start(Path folder) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/sources/", new FakeInventory(folder)::answer);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void register(Path folder, String sourceId, SourceCredentials credentials) throws IOException {
        Files.writeString(folder.resolve(sourceId + ".json"), EventCodec.mapper().writeValueAsString(credentials));
    }

    private void answer(HttpExchange exchange) throws IOException {
        Matcher matcher = PATH.matcher(exchange.getRequestURI().getPath());
        int status;
        byte[] body = new byte[0];
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
        } else if (!matcher.matches() || !Files.exists(folder.resolve(matcher.group(1) + ".json"))) {
            status = 404;
        } else {
            status = 200;
            body = Files.readAllBytes(folder.resolve(matcher.group(1) + ".json"));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
