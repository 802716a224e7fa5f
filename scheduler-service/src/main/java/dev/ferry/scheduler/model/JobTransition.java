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

import dev.ferry.scheduler.service.job.JobState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A state a job entered, when, why and in which attempt. */
@Entity
@Table(name = "job_transition")
public class JobTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "job_transition_seq")
    @SequenceGenerator(name = "job_transition_seq", sequenceName = "job_transition_seq", allocationSize = 50)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    /** Null for the job's first state. */
    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public JobState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false)
    public JobState toState;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant at;
}
