package dev.ferry.cli.watch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.http.EventStream;
import dev.ferry.cli.http.ServerSentEvent;
import dev.ferry.cli.http.ServiceUnreachableException;
import dev.ferry.events.EventCodec;
import dev.ferry.events.EventEnvelope;
import dev.ferry.events.EventTypes;
import dev.ferry.events.MalformedEventException;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;

/**
 * Follows a wave over the scheduler's server-sent events until it ends, handing each event to a {@link WaveView}. A
 * broken stream is reopened (the scheduler starts every stream with a snapshot, so nothing is lost but the moments in
 * between); the wave's state is read once more before giving up.
 */
public final class WaveWatcher {

    /** The states a wave ends in, until a person re-runs it. */
    public static final Set<String> FINISHED = Set.of("COMPLETED", "COMPLETED_WITH_FAILURES", "CANCELLED");

    /** The scheduler sends a keep-alive every 15 s: four missed ones mean the connection is gone. */
    public static final Duration SILENCE = Duration.ofSeconds(60);

    private static final int RECONNECTS = 5;

    private final ApiClient scheduler;
    private final WaveView view;
    private final Duration reconnectDelay;
    private final Duration silence;

    public WaveWatcher(ApiClient scheduler, WaveView view, Duration reconnectDelay, Duration silence) {
        this.scheduler = scheduler;
        this.view = view;
        this.reconnectDelay = reconnectDelay;
        this.silence = silence;
    }

    /** Watches until the wave ends; its final state. */
    public String watch(String waveId) throws InterruptedException {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-stream-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        try {
            int failures = 0;
            while (true) {
                String ended;
                try (EventStream stream = scheduler.events("/api/v1/waves/" + waveId + "/events")) {
                    // Only streams that cannot be opened count against the limit: an hours-long wave may see many
                    // connections end.
                    failures = 0;
                    long check = Math.max(1, silence.toMillis() / 4);
                    ScheduledFuture<?> idle = watchdog.scheduleAtFixedRate(() -> closeIfIdle(stream), check, check,
                            TimeUnit.MILLISECONDS);
                    try {
                        ended = follow(stream);
                    } finally {
                        idle.cancel(false);
                    }
                    if (ended != null) {
                        view.progress(finalProgress(scheduler.get("/api/v1/waves/" + waveId)));
                        return ended;
                    }
                    view.note("the event stream closed; reconnecting");
                } catch (IOException | ServiceUnreachableException e) {
                    if (++failures > RECONNECTS) {
                        throw e instanceof ServiceUnreachableException unreachable ? unreachable
                                : new ServiceUnreachableException(scheduler.service(), scheduler.base(), e);
                    }
                    view.note("lost the scheduler's event stream (" + e.getMessage() + "); reconnecting");
                }
                JsonNode status = scheduler.get("/api/v1/waves/" + waveId);
                if (FINISHED.contains(status.path("state").asText())) {
                    view.progress(finalProgress(status));
                    return status.path("state").asText();
                }
                Thread.sleep(reconnectDelay.toMillis());
            }
        } finally {
            watchdog.shutdownNow();
            view.close();
        }
    }

    private void closeIfIdle(EventStream stream) {
        try {
            stream.closeIfIdle(silence);
        } catch (IOException e) {
            // Closing a dead connection may fail as well; the blocked read ends either way.
        }
    }

    /** The figures of a wave that has ended, from its status, as the view shows progress. */
    static WaveProgress finalProgress(JsonNode status) {
        Map<String, Long> jobs = new HashMap<>();
        status.path("jobs").fields().forEachRemaining(entry -> jobs.put(entry.getKey(), entry.getValue().asLong()));
        return new WaveProgress(status.path("id").asText(), status.path("name").asText(), status.path("state")
                .asText(), jobs, status.path("bytesDone").asLong(), status.path("bytesTotal").asLong(), 0, null,
                List.of(), Instant.now());
    }

    /** Reads events until the wave ends (its final state) or the stream does (null). */
    private String follow(EventStream stream) throws IOException {
        ServerSentEvent event;
        while ((event = stream.next()) != null) {
            String ended = apply(event);
            if (ended != null) {
                return ended;
            }
        }
        return null;
    }

    /** Shows one event; the wave's final state when it says the wave ended, else null. */
    String apply(ServerSentEvent event) {
        try {
            return show(EventCodec.decode(event.data()));
        } catch (MalformedEventException e) {
            // Not an event this build understands (a newer schema version): the next snapshot covers it.
            return null;
        }
    }

    private String show(EventEnvelope envelope) {
        if (EventTypes.WAVE_PROGRESS.name().equals(envelope.type())) {
            WaveProgress progress = EventCodec.data(envelope, EventTypes.WAVE_PROGRESS);
            view.progress(progress);
            return FINISHED.contains(progress.state()) ? progress.state() : null;
        }
        if (EventTypes.WAVE_STATE_CHANGED.name().equals(envelope.type())) {
            WaveStateChanged change = EventCodec.data(envelope, EventTypes.WAVE_STATE_CHANGED);
            view.waveChanged(change);
            return FINISHED.contains(change.to()) ? change.to() : null;
        }
        if (EventTypes.JOB_STATE_CHANGED.name().equals(envelope.type())) {
            view.jobChanged(EventCodec.data(envelope, EventTypes.JOB_STATE_CHANGED));
        }
        return null;
    }
}
