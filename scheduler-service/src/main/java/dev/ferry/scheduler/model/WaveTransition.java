package dev.ferry.scheduler.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.ferry.scheduler.service.wave.WaveState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A state a wave entered, when and why. */
@Entity
@Table(name = "wave_transition")
public class WaveTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "wave_transition_seq")
    @SequenceGenerator(name = "wave_transition_seq", sequenceName = "wave_transition_seq", allocationSize = 50)
    public Long id;

    @Column(name = "wave_id", nullable = false)
    public UUID waveId;

    /** Null for the wave's first state. */
    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public WaveState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false)
    public WaveState toState;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant at;
}
