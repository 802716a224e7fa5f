package dev.ferry.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerSentEventReaderTest {

    @Test
    void readsNamedEventsWithTheirIdAndData() throws IOException {
        List<ServerSentEvent> events = read("""
                id: 1
                event: dev.ferry.wave.progress
                data: {"a":1}

                id: 2
                event: dev.ferry.wave.state-changed
                data: {"b":2}

                """);

        assertThat(events).containsExactly(
                new ServerSentEvent("1", "dev.ferry.wave.progress", "{\"a\":1}"),
                new ServerSentEvent("2", "dev.ferry.wave.state-changed", "{\"b\":2}"));
    }

    @Test
    void keepAliveCommentsAreSkipped() throws IOException {
        List<ServerSentEvent> events = read(":keep-alive\n\n: another\n\ndata: x\n\n:keep-alive\n\n");

        assertThat(events).containsExactly(new ServerSentEvent(null, "message", "x"));
    }

    @Test
    void dataLinesJoinWithNewlinesAndOneLeadingSpaceIsDropped() throws IOException {
        List<ServerSentEvent> events = read("data:first\ndata:  second\ndata\n\n");

        assertThat(events).containsExactly(new ServerSentEvent(null, "message", "first\n second\n"));
    }

    @Test
    void carriageReturnLineEndsAreAccepted() throws IOException {
        List<ServerSentEvent> events = read("event: e\r\ndata: d\r\n\r\nevent: f\rdata: g\r\r");

        assertThat(events).containsExactly(new ServerSentEvent(null, "e", "d"), new ServerSentEvent(null, "f", "g"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsFieldsDoNotLeakIntoTheNext() throws IOException {
        List<ServerSentEvent> events = read("event: lonely\nid: 7\n\ndata: y\n\n");

        assertThat(events).containsExactly(new ServerSentEvent(null, "message", "y"));
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDropped() throws IOException {
        List<ServerSentEvent> events = read("data: complete\n\ndata: cut off");

        assertThat(events).containsExactly(new ServerSentEvent(null, "message", "complete"));
    }

    @Test
    void retryAndUnknownFieldsAreIgnored() throws IOException {
        List<ServerSentEvent> events = read("retry: 3000\nfoo: bar\ndata: z\n\n");

        assertThat(events).containsExactly(new ServerSentEvent(null, "message", "z"));
    }

    private static List<ServerSentEvent> read(String stream) throws IOException {
        ServerSentEventReader reader = new ServerSentEventReader(new BufferedReader(new StringReader(stream)));
        List<ServerSentEvent> events = new ArrayList<>();
        ServerSentEvent event;
        while ((event = reader.next()) != null) {
            events.add(event);
        }
        return events;
    }
}
