package dev.ferry.scheduler.service.wave;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.ferry.events.EventEnvelope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

/**
 * This replica's live-status clients, by wave: every event read from the wave events topic goes to the clients
 * watching its wave. A client's stream starts with a snapshot; events that arrive while the snapshot is taken are
 * held and follow it, so none is lost in between.
 */
@ApplicationScoped
public class LiveWaveEvents {

    private final Map<UUID, Set<UnicastProcessor<EventEnvelope>>> watchers = new ConcurrentHashMap<>();

    /**
     * Starts watching {@code waveId}: events are held from now on. The stream returned begins with {@code snapshot}
     * and ends when its subscriber cancels.
     */
    public Watch watch(UUID waveId) {
        UnicastProcessor<EventEnvelope> events = UnicastProcessor.create();
        watchers.computeIfAbsent(waveId, id -> ConcurrentHashMap.newKeySet()).add(events);
        return snapshot -> Multi.createBy().concatenating().streams(Multi.createFrom().item(snapshot), events)
                .onTermination().invoke(() -> forget(waveId, events));
    }

    /** Passes an event to the clients watching its wave (the event's subject). */
    public void deliver(EventEnvelope envelope) {
        UUID waveId;
        try {
            waveId = UUID.fromString(envelope.subject());
        } catch (IllegalArgumentException e) {
            return;
        }
        Set<UnicastProcessor<EventEnvelope>> watching = watchers.get(waveId);
        if (watching != null) {
            watching.forEach(events -> events.onNext(envelope));
        }
    }

    /** Clients watching now, over all waves. */
    public int watchers() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    private void forget(UUID waveId, UnicastProcessor<EventEnvelope> events) {
        watchers.computeIfPresent(waveId, (id, watching) -> {
            watching.remove(events);
            return watching.isEmpty() ? null : watching;
        });
    }

    /** A watch begun: the events held since, to be streamed after a snapshot. */
    @FunctionalInterface
    public interface Watch {

        /** The stream: {@code snapshot}, then every event of the wave from the start of the watch on. */
        Multi<EventEnvelope> startingWith(EventEnvelope snapshot);
    }
}
