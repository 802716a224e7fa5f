package dev.ferry.disk.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * Sends checked range requests for one URL: adds the caller's headers, bounds requests in flight and the time each
 * may take (body included), retries transient failures, and turns failures into messages that name the URL without
 * its credentials.
 */
final class HttpRangeClient {

    private final HttpLocation location;
    private final SourceOptions options;
    private final HttpClient client;
    private final Map<String, String> headers;
    private final Semaphore inFlight;
    private final RetryPolicy retries;

    private HttpRangeClient(HttpLocation location, SourceOptions options, HttpClient client, Semaphore inFlight) {
        this.location = location;
        this.options = options;
        this.client = client;
        this.headers = headersFor(location, options);
        this.inFlight = inFlight;
        this.retries = new RetryPolicy(options.maxRetries(), options.retryBackoff());
    }

    static HttpRangeClient create(HttpLocation location, SourceOptions options) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                // Following a redirect would send our cookies and authorisation to wherever it points.
                .followRedirects(options.httpHeaders().isEmpty() && location.credentials().isEmpty()
                        ? HttpClient.Redirect.NORMAL
                        : HttpClient.Redirect.NEVER);
        options.pinnedCertificateSha256().ifPresent(pin -> builder.sslContext(PinnedCertificateTrustManager.context(
                pin)));
        return new HttpRangeClient(location, options, builder.build(), new Semaphore(options.maxRequestsInFlight()));
    }

    /** A client for a file next to this one, sharing connections, settings and the in-flight limit. */
    HttpRangeClient sibling(String relativeName) {
        return new HttpRangeClient(location.sibling(relativeName), options, client, inFlight);
    }

    String describe() {
        return location.describe();
    }

    /** The file's size from {@code HEAD} or, where that does not tell, from a one-byte range request. */
    long discoverSize() throws IOException {
        OptionalLong fromHead = retries.run(this::headContentLength);
        if (fromHead.isPresent()) {
            return fromHead.getAsLong();
        }
        return retries.run(() -> fetchOnce(0, 0, -1)).total();
    }

    /** Bytes {@code first..last} (inclusive) of a file of {@code size} bytes; the server may send fewer at the end. */
    RangeBodyHandler.Range fetch(long first, long last, long size) throws IOException {
        return retries.run(() -> fetchOnce(first, last, size));
    }

    private OptionalLong headContentLength() throws IOException {
        HttpRequest request = request().method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status == 200) {
            return response.headers().firstValueAsLong("Content-Length");
        }
        if (status == 401 || status == 403 || status == 404 || status == 407 || StatusMessages.isTransient(status)) {
            throw new RemoteSourceException(StatusMessages.describe(describe(), status),
                    StatusMessages.isTransient(status));
        }
        // Some servers refuse HEAD (405, 501); a range request will tell the size instead.
        return OptionalLong.empty();
    }

    private RangeBodyHandler.Range fetchOnce(long first, long last, long knownSize) throws IOException {
        HttpRequest request = request().GET().header("Range", "bytes=" + first + "-" + last).build();
        return send(request, new RangeBodyHandler(describe(), first, last, knownSize)).body();
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(location.requestUri()).timeout(options.requestTimeout());
        headers.forEach(builder::header);
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(describe() + ": interrupted while waiting to send a request");
        }
        CompletableFuture<HttpResponse<T>> response = client.sendAsync(request, handler);
        try {
            // The request timeout only covers the headers; this bounds the body too.
            return response.get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new RemoteSourceException(describe() + ": no complete answer within "
                    + options.requestTimeout().toMillis() + " ms", true);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(describe() + ": interrupted while waiting for the server");
        } catch (ExecutionException e) {
            throw describeFailure(e.getCause());
        } finally {
            inFlight.release();
        }
    }

    private IOException describeFailure(Throwable cause) {
        Throwable root = cause;
        while (root instanceof CompletionException && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof RemoteSourceException remote) {
            return remote;
        }
        if (root instanceof SSLException tls) {
            return new SSLException(describe() + ": TLS failed: " + tls.getMessage(), tls);
        }
        if (root instanceof IOException io) {
            String reason = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
            return new RemoteSourceException(describe() + ": " + reason, RetryPolicy.isTransient(io), io);
        }
        return new IOException(describe() + ": request failed: " + root, root);
    }

    private static Map<String, String> headersFor(HttpLocation location, SourceOptions options) {
        Map<String, String> headers = new LinkedHashMap<>(options.httpHeaders());
        boolean hasAuthorization = headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
        if (!hasAuthorization) {
            location.credentials().ifPresent(credentials -> headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
        }
        return headers;
    }
}
