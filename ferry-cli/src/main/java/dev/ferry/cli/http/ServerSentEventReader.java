package dev.ferry.cli.http;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads server-sent events from a stream as the HTML living standard says: fields up to a blank line make one event,
 * {@code data:} lines are joined with newlines, lines starting with a colon are comments (keep-alives), one space after
 * the colon is dropped, and an event without data is not dispatched.
 */
public final class ServerSentEventReader {

    private final BufferedReader lines;

    public ServerSentEventReader(BufferedReader lines) {
        this.lines = lines;
    }

    /** The next event, or null when the stream has ended. Blocks until an event is complete. */
    public ServerSentEvent next() throws IOException {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new ServerSentEvent(id, name == null ? "message" : name, data.toString());
                }
                id = null;
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> name = value;
                case "id" -> id = value;
                default -> {
                    // "retry" and unknown fields: this client reconnects on its own terms
                }
            }
        }
        return null;
    }
}
