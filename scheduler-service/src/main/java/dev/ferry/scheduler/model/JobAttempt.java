package dev.ferry.scheduler.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.ferry.scheduler.service.job.AttemptOutcome;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One attempt at a job: which worker ran it, when, and how it ended. */
@Entity
@Table(name = "job_attempt")
@IdClass(JobAttempt.Key.class)
public class JobAttempt extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Id
    public int attempt;

    /** The worker that reported it started, or null before one did. */
    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "dispatched_at", nullable = false)
    public Instant dispatchedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** How it ended, or null while it runs. */
    @Enumerated(EnumType.STRING)
    public AttemptOutcome outcome;

    /** The worker's or scheduler's words on how it ended. */
    public String message;

    /** The composite key: job and attempt. */
    public static class Key implements Serializable {

        public UUID jobId;
        public int attempt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.attempt == attempt && Objects.equals(key.jobId, jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, attempt);
        }
    }
}
