package dev.ferry.cli.watch;

import static dev.ferry.cli.watch.WaveEvents.GIB;
import static dev.ferry.cli.watch.WaveEvents.job;
import static dev.ferry.cli.watch.WaveEvents.jobChanged;
import static dev.ferry.cli.watch.WaveEvents.progress;
import static dev.ferry.cli.watch.WaveEvents.waveChanged;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.ferry.cli.FakeApi;
import dev.ferry.cli.http.AccessToken;
import dev.ferry.cli.http.ApiClient;
import dev.ferry.events.EventCodec;
import dev.ferry.events.EventType;
import dev.ferry.events.EventTypes;
import dev.ferry.events.wave.JobStateChanged;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;

class WaveWatcherTest {

    private static final String EVENTS = "/api/v1/waves/w-1/events";
    private static final String COMPLETED_WAVE = """
            {"id": "w-1", "name": "finance-1", "state": "COMPLETED", "jobs": {"COMPLETED": 3, "QUEUED": 0},
             "bytesDone": 4294967296, "bytesTotal": 4294967296}""";

    private final FakeApi scheduler;
    private final RecordingView view = new RecordingView();

    WaveWatcherTest() throws IOException {
        scheduler = FakeApi.start();
    }

    @AfterEach
    void stop() {
        scheduler.close();
    }

    @Test
    void followsTheStreamUntilTheWaveEndsAndShowsItsFinalFigures() throws Exception {
        scheduler.answer("GET", EVENTS, exchange -> stream(exchange, ":keep-alive\n\n"
                + event(EventTypes.WAVE_PROGRESS, progress(0, "RUNNING", GIB, List.of(job("web01", GIB))))
                + event(EventTypes.JOB_STATE_CHANGED, jobChanged(1, "web01", "CONVERTING", "COMPLETED", 1))
                + event(EventTypes.WAVE_STATE_CHANGED, waveChanged(2, "RUNNING", "COMPLETED"))
                + event(EventTypes.JOB_STATE_CHANGED, jobChanged(3, "never-read", "A", "B", 1))))
                .answer("GET", "/api/v1/waves/w-1", 200, COMPLETED_WAVE);

        String state = watcher().watch("w-1");

        assertThat(state).isEqualTo("COMPLETED");
        assertThat(view.seen).containsExactly("progress RUNNING", "job web01 COMPLETED", "wave COMPLETED",
                "progress COMPLETED", "closed");
        assertThat(view.lastProgress.bytesDone()).isEqualTo(4 * GIB);
        assertThat(view.lastProgress.jobsByState()).containsEntry("COMPLETED", 3L);
    }

    @Test
    void aWaveThatHasAlreadyEndedEndsTheWatchWithTheSnapshot() throws Exception {
        scheduler.answer("GET", EVENTS, exchange -> stream(exchange, event(EventTypes.WAVE_PROGRESS, progress(0,
                "COMPLETED_WITH_FAILURES", GIB, List.of()))))
                .answer("GET", "/api/v1/waves/w-1", 200, COMPLETED_WAVE.replace("\"COMPLETED\",",
                        "\"COMPLETED_WITH_FAILURES\","));

        assertThat(watcher().watch("w-1")).isEqualTo("COMPLETED_WITH_FAILURES");
    }

    @Test
    void aClosedStreamIsReopenedUntilTheWaveEnds() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        scheduler.answer("GET", EVENTS, exchange -> stream(exchange, streams.incrementAndGet() == 1
                ? event(EventTypes.WAVE_PROGRESS, progress(0, "RUNNING", 0, List.of()))
                : event(EventTypes.WAVE_STATE_CHANGED, waveChanged(5, "RUNNING", "CANCELLED"))))
                .answer("GET", "/api/v1/waves/w-1", exchange -> FakeApi.send(exchange, 200, "application/json",
                        streams.get() == 1 ? "{\"state\": \"RUNNING\"}"
                                : COMPLETED_WAVE.replace("\"COMPLETED\",",
                                        "\"CANCELLED\",")));

        String state = watcher().watch("w-1");

        assertThat(state).isEqualTo("CANCELLED");
        assertThat(streams).hasValue(2);
        assertThat(view.seen).contains("note the event stream closed; reconnecting");
    }

    @Test
    void aStreamThatGoesSilentIsClosedAndOpenedAgain() throws Exception {
        AtomicInteger streams = new AtomicInteger();
        CountDownLatch released = new CountDownLatch(1);
        scheduler.answer("GET", EVENTS, exchange -> {
            if (streams.incrementAndGet() == 1) {
                // A connection that stays open and says nothing more, as a dead peer behind a proxy does. The silence
                // allowed is long enough for the first event to arrive on a loaded machine.
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write(event(EventTypes.WAVE_PROGRESS, progress(0, "RUNNING", 0, List.of())).getBytes(
                        StandardCharsets.UTF_8));
                out.flush();
                awaitQuietly(released);
                out.close();
            } else {
                stream(exchange, event(EventTypes.WAVE_STATE_CHANGED, waveChanged(5, "RUNNING", "COMPLETED")));
            }
        }).answer("GET", "/api/v1/waves/w-1", exchange -> FakeApi.send(exchange, 200, "application/json",
                streams.get() == 1 ? "{\"state\": \"RUNNING\"}" : COMPLETED_WAVE));

        try {
            String state = new WaveWatcher(new ApiClient("scheduler", scheduler.url(), AccessToken.none("test")),
                    view, Duration.ofMillis(10), Duration.ofSeconds(2)).watch("w-1");

            assertThat(state).isEqualTo("COMPLETED");
            assertThat(streams).hasValue(2);
            assertThat(view.seen).first().isEqualTo("progress RUNNING");
            assertThat(view.seen).anyMatch(seen -> seen.startsWith("note lost the scheduler's event stream"));
        } finally {
            released.countDown();
        }
    }

    @Test
    void eventsOfANewerSchemaOrOfOtherTypesAreSkipped() throws Exception {
        String newer = event(EventTypes.WAVE_STATE_CHANGED, waveChanged(1, "RUNNING", "PAUSED")).replace(
                "\"schemaversion\":1", "\"schemaversion\":9");
        scheduler.answer("GET", EVENTS, exchange -> stream(exchange, newer + "event: other\ndata: not json\n\n"
                + event(EventTypes.WAVE_STATE_CHANGED, waveChanged(2, "RUNNING", "COMPLETED"))))
                .answer("GET", "/api/v1/waves/w-1", 200, COMPLETED_WAVE);

        assertThat(watcher().watch("w-1")).isEqualTo("COMPLETED");
        assertThat(view.seen).first().isEqualTo("wave COMPLETED");
    }

    private WaveWatcher watcher() {
        return new WaveWatcher(new ApiClient("scheduler", scheduler.url(), AccessToken.none("test")), view,
                Duration.ofMillis(10), WaveWatcher.SILENCE);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> String event(EventType<T> type, T data) {
        String json = EventCodec.encode(EventCodec.envelope("/ferry/scheduler", type, "w-1", data));
        return "id: " + json.hashCode() + "\nevent: " + type.name() + "\ndata: " + json + "\n\n";
    }

    private static void stream(com.sun.net.httpserver.HttpExchange exchange, String events) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(events.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Records what the watcher showed, in order. */
    private static final class RecordingView implements WaveView {
        final List<String> seen = new ArrayList<>();
        WaveProgress lastProgress;

        @Override
        public void progress(WaveProgress progress) {
            seen.add("progress " + progress.state());
            lastProgress = progress;
        }

        @Override
        public void waveChanged(WaveStateChanged change) {
            seen.add("wave " + change.to());
        }

        @Override
        public void jobChanged(JobStateChanged change) {
            seen.add("job " + change.machineName() + " " + change.to());
        }

        @Override
        public void note(String text) {
            seen.add("note " + text);
        }

        @Override
        public void close() {
            seen.add("closed");
        }
    }
}
