package dev.ferry.cli.http;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An open server-sent event stream. It notes when bytes last arrived (keep-alive comments included), so that a stream
 * gone silent (a connection that died without closing) can be closed and opened anew.
 */
public final class EventStream implements AutoCloseable {

    private final InputStream body;
    private final ServerSentEventReader reader;
    private volatile long lastActivity = System.nanoTime();

    EventStream(InputStream body) {
        this.body = body;
        InputStream noted = new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int read = super.read();
                lastActivity = System.nanoTime();
                return read;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                lastActivity = System.nanoTime();
                return read;
            }
        };
        this.reader = new ServerSentEventReader(new BufferedReader(new InputStreamReader(noted,
                StandardCharsets.UTF_8)));
    }

    /** The next event, or null when the server closed the stream; an IOException once it was closed as idle. */
    public ServerSentEvent next() throws IOException {
        return reader.next();
    }

    /** Closes the stream when nothing arrived for {@code silence}, which ends a read blocked on it; whether it did. */
    public boolean closeIfIdle(Duration silence) throws IOException {
        if (System.nanoTime() - lastActivity < silence.toNanos()) {
            return false;
        }
        close();
        return true;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
