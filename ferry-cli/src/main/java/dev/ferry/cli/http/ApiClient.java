package dev.ferry.cli.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.ferry.events.EventCodec;

/**
 * One Ferry service's REST API over the JDK HTTP client: JSON in and out, files up and down, server-sent events. An
 * error answer becomes an {@link ApiProblem}; a service that cannot be reached a {@link ServiceUnreachableException}.
 */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String JSON = "application/json";

    private final String service;
    private final URI base;
    private final AccessToken token;
    private final HttpClient http;

    public ApiClient(String service, URI base, AccessToken token) {
        this.service = service;
        this.base = base;
        this.token = token;
        // HTTP/1.1: the services speak it, and an h2c upgrade attempt only costs a round trip.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** What the service is called in messages ("inventory", "scheduler"). */
    public String service() {
        return service;
    }

    public URI base() {
        return base;
    }

    public AccessToken token() {
        return token;
    }

    public JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    public JsonNode post(String path, Object body) {
        return json(send(request(path).header("Content-Type", JSON).POST(bodyOf(body))));
    }

    public JsonNode put(String path, Object body) {
        return json(send(request(path).header("Content-Type", JSON).PUT(bodyOf(body))));
    }

    public void delete(String path) {
        send(request(path).DELETE());
    }

    /** Posts a text document of the given media type (a YAML profile, say). */
    public JsonNode post(String path, String contentType, String text) {
        return json(send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))));
    }

    /** Posts a file as {@code application/octet-stream}; no time limit, as large files take their time. */
    public JsonNode upload(String path, Path file) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(file));
            authorize(builder);
            return json(send(builder));
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(new java.nio.file.NoSuchFileException(file.toString()));
        }
    }

    /** Writes the answer's body to {@code file} (through a temporary file beside it, so a failure leaves none). */
    public void download(String path, Path file) {
        HttpResponse<InputStream> response = exchange(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                throw ApiProblem.of(service, response.statusCode(), new String(body.readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            Path parent = file.toAbsolutePath().getParent();
            Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".part");
            try {
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a server-sent event stream; close it when done. */
    public EventStream events(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path)).header("Accept", "text/event-stream")
                .GET();
        authorize(builder);
        HttpResponse<InputStream> response = exchange(builder, HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        if (response.statusCode() >= 400) {
            try (body) {
                throw ApiProblem.of(service, response.statusCode(), new String(body.readAllBytes(),
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new EventStream(body);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", JSON + ", application/problem+json");
        authorize(builder);
        return builder;
    }

    private void authorize(HttpRequest.Builder builder) {
        if (token.present()) {
            builder.header("Authorization", "Bearer " + token.value().strip());
        }
    }

    private URI resolve(String path) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return URI.create(root + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpResponse<String> response = exchange(builder, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw ApiProblem.of(service, response.statusCode(), response.body());
        }
        return response;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(builder.build(), handler);
        } catch (IOException e) {
            throw new ServiceUnreachableException(service, base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachableException(service, base, e);
        }
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body == null ? ""
                    : EventCodec.mapper()
                            .writeValueAsString(body),
                    StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON", e);
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return EventCodec.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiProblem(service, response.statusCode(), null, "Unexpected answer",
                    "the service answered with something that is not JSON", java.util.List.of());
        }
    }
}
