package dev.ferry.scheduler.service.wave;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.scheduler.messaging.WaveEventPublisher;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.model.WaveTransition;
import dev.ferry.scheduler.service.SchedulingNeeded;

/**
 * The one place a wave changes state: checks the change is allowed ({@link WaveState#next()}), records it with time
 * and reason, and publishes it on the wave events topic. Callers hold the wave's row lock.
 */
@ApplicationScoped
public class WaveTransitions {

    @Inject
    WaveEventPublisher events;

    @Inject
    Event<SchedulingNeeded> schedulingNeeded;

    /** Stores a new wave in its first state, and records and announces that state. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void created(Wave wave, WaveState state, String reason, Instant at) {
        wave.state = state;
        wave.stateChangedAt = at;
        wave.persist();
        record(wave, null, reason, at);
        events.waveChanged(wave, null, reason, at);
        schedulingNeeded.fire(new SchedulingNeeded());
    }

    /**
     * Moves {@code wave} to {@code target}.
     *
     * @throws ProblemException (409) when the wave's state does not allow it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(Wave wave, WaveState target, String reason) {
        if (!wave.state.canMoveTo(target)) {
            throw ProblemException.conflict("wave " + wave.id + " (" + wave.name + ") is " + wave.state
                    + " and cannot become " + target);
        }
        WaveState from = wave.state;
        Instant now = Instant.now();
        wave.state = target;
        wave.stateChangedAt = now;
        record(wave, from, reason, now);
        events.waveChanged(wave, from, reason, now);
        schedulingNeeded.fire(new SchedulingNeeded());
    }

    private static void record(Wave wave, WaveState from, String reason, Instant at) {
        WaveTransition.of(wave, from, reason, at).persist();
    }
}
