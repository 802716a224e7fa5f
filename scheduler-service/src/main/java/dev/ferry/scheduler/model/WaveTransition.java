package dev.ferry.scheduler.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.ferry.scheduler.service.wave.WaveState;

/** A state a wave entered, when and why. */
@Entity
@Table(name = "wave_transition")
public class WaveTransition extends StateTransition<WaveState> {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "wave_transition_seq")
    @SequenceGenerator(name = "wave_transition_seq", sequenceName = "wave_transition_seq", allocationSize = 50)
    public Long id;

    @Column(name = "wave_id", nullable = false)
    public UUID waveId;

    /** The transition of {@code wave} from {@code from} to its current state. */
    public static WaveTransition of(Wave wave, WaveState from, String reason, Instant at) {
        WaveTransition transition = new WaveTransition();
        transition.waveId = wave.id;
        transition.change(from, wave.state, reason, at);
        return transition;
    }
}
