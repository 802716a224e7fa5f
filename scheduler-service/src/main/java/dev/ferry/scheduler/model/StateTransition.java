package dev.ferry.scheduler.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A state something (a job, a wave) entered, from which state, when and why; one row of its history. */
@MappedSuperclass
public abstract class StateTransition<S extends Enum<S>> extends PanacheEntityBase {

    /** Null for the first state. */
    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public S fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false)
    public S toState;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant at;

    /** Records the change from {@code from} to {@code to}; the subclass sets whose it is. */
    protected void change(S from, S to, String why, Instant when) {
        fromState = from;
        toState = to;
        reason = why;
        at = when;
    }
}
