package dev.ferry.disk.source;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;

/**
 * An image file on an HTTP(S) server, such as a vSphere datastore's {@code /folder} URL, read with range requests.
 *
 * <p>
 * Safe for concurrent readers: requests run in parallel over HTTP/1.1 keep-alive connections, at most
 * {@link SourceOptions#maxRequestsInFlight()} at once. Transient failures are retried with back-off. Responses are
 * checked against what was asked for and bounded to it, so a server that ignores {@code Range} is refused rather than
 * streamed into memory. Credentials (headers from the options or the URL's user info) never appear in
 * {@link #describe()} or in exception messages.
 */
public final class HttpByteSource implements ByteSource {

    /** Largest single range request; larger reads return this much and the caller asks again. */
    static final int MAX_REQUEST_BYTES = 16 << 20;

    private final HttpRangeClient client;
    private final long size;
    private volatile boolean closed;

    private HttpByteSource(HttpRangeClient client) throws IOException {
        this.client = client;
        this.size = client.discoverSize();
    }

    /** Opens {@code url}; TLS certificates are verified unless the options pin one. */
    public static HttpByteSource open(URI url, SourceOptions options) throws IOException {
        return new HttpByteSource(HttpRangeClient.create(HttpLocation.parse(url), options));
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, ByteBuffer destination) throws IOException {
        ensureOpen();
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (position >= size) {
            return -1;
        }
        if (!destination.hasRemaining()) {
            return 0;
        }
        int length = (int) Math.min(Math.min(destination.remaining(), MAX_REQUEST_BYTES), size - position);
        RangeBodyHandler.Range range = client.fetch(position, position + length - 1, size);
        destination.put(range.data());
        return range.data().length;
    }

    /** Opens a file in the same folder of the server, with the same query (a datastore's dcPath and dsName). */
    @Override
    public ByteSource openSibling(String relativeName) throws IOException {
        ensureOpen();
        return new HttpByteSource(client.sibling(relativeName));
    }

    @Override
    public String describe() {
        return client.describe();
    }

    /** Marks the source closed; idle connections of the shared client close on their own. */
    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(describe() + " is closed");
        }
    }
}
