package dev.ferry.scheduler.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.wave.JobStateChanged;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;
import dev.ferry.messaging.Outbox;
import dev.ferry.scheduler.model.Job;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.job.JobState;
import dev.ferry.scheduler.service.wave.WaveState;

/** Publishes wave and job state changes and wave progress to the wave events topic, keyed by wave id, via the outbox. */
@ApplicationScoped
public class WaveEventPublisher {

    @Inject
    Outbox outbox;

    @Transactional(Transactional.TxType.MANDATORY)
    public void waveChanged(Wave wave, WaveState from, String reason, Instant at) {
        outbox.publish(Topics.WAVE_EVENTS, EventTypes.WAVE_STATE_CHANGED, wave.id.toString(), new WaveStateChanged(
                wave.id.toString(), wave.name, from == null ? null : from.name(), wave.state.name(), reason, at));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void jobChanged(Job job, JobState from, String reason, Instant at) {
        outbox.publish(Topics.WAVE_EVENTS, EventTypes.JOB_STATE_CHANGED, job.waveId.toString(), new JobStateChanged(
                job.waveId.toString(), job.id.toString(), job.machineId.toString(), job.machineName,
                from == null ? null : from.name(), job.state.name(), job.attempt, reason, at));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void progress(WaveProgress progress) {
        outbox.publish(Topics.WAVE_EVENTS, EventTypes.WAVE_PROGRESS, progress.waveId(), progress);
    }
}
