package dev.ferry.scheduler.wave;

import static dev.ferry.scheduler.testing.WaveFixtures.PATIENCE;
import static dev.ferry.scheduler.testing.WaveFixtures.accepted;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;
import dev.ferry.localstack.testing.FerryTestResources;
import dev.ferry.localstack.testing.TestInfrastructure;
import dev.ferry.scheduler.testing.FakeWorker;
import dev.ferry.scheduler.testing.WaveFixtures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Live status: a real HTTP client reads a wave's server-sent events, fed through the real wave events topic. */
@QuarkusTest
@WithTestResource(FerryTestResources.class)
class WaveEventStreamTest {

    private final FakeWorker worker = FakeWorker.shared();

    @Inject
    WaveFixtures fixtures;

    @TestHTTPResource("/api/v1/waves/")
    URL waves;

    @Test
    void clientGetsASnapshotThenProgressAndStateChangesAsTheyHappen() throws Exception {
        UUID waveId = accepted(WaveFixtures.wave("live-" + UUID.randomUUID(), List.of(fixtures.machine(
                "live-" + UUID.randomUUID(), "esx-live", "ds-live")), 1, null, null, null));
        List<EventEnvelope> received = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(events(waveId)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestInfrastructure.token("viewer")).build();
        CompletableFuture<HttpResponse<Stream<String>>> response = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> stream = response.get();
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/event-stream"));
        Thread reader = new Thread(() -> stream.body().filter(line -> line.startsWith("data:"))
                .forEach(line -> received.add(EventCodec.decode(line.substring(5).trim()))));
        reader.setDaemon(true);
        reader.start();

        Awaitility.await().atMost(PATIENCE).until(() -> !received.isEmpty());
        EventEnvelope snapshot = received.get(0);
        assertThat(snapshot.type()).isEqualTo(EventTypes.WAVE_PROGRESS.name());
        assertThat(EventCodec.data(snapshot, EventTypes.WAVE_PROGRESS).waveId()).isEqualTo(waveId.toString());

        worker.serve(waveId, FakeWorker.Mode.HOLD);
        Awaitility.await().atMost(PATIENCE).until(() -> received.stream()
                .filter(event -> event.type().equals(EventTypes.WAVE_PROGRESS.name()))
                .map(event -> EventCodec.data(event, EventTypes.WAVE_PROGRESS))
                .anyMatch(progress -> progress.bytesDone() > 0 && progress.running().size() == 1
                        && progress.running().get(0).bytesDone() > 0));
        assertThat(received).anyMatch(event -> event.type().equals(EventTypes.JOB_STATE_CHANGED.name())
                && EventCodec.data(event, EventTypes.JOB_STATE_CHANGED).to().equals("CONVERTING"));

        worker.finishHeld(waveId);
        Awaitility.await().atMost(PATIENCE).until(() -> received.stream()
                .filter(event -> event.type().equals(EventTypes.WAVE_STATE_CHANGED.name()))
                .map(event -> EventCodec.data(event, EventTypes.WAVE_STATE_CHANGED))
                .map(WaveStateChanged::to).anyMatch("COMPLETED"::equals));
        WaveProgress first = EventCodec.data(snapshot, EventTypes.WAVE_PROGRESS);
        assertThat(first.bytesTotal()).isEqualTo(6L << 30);
        stream.body().close();
    }

    @Test
    void streamNeedsATokenAndAWaveThatExists() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(events(UUID.randomUUID()))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(events(UUID.randomUUID()))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestInfrastructure.token("viewer")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("does not exist");
    }

    private URI events(UUID waveId) throws Exception {
        return waves.toURI().resolve(waveId + "/events");
    }
}
