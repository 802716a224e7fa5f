package dev.ferry.conversion.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One attempt of a conversion job as workers see it: who holds it, how it stands, when it last showed life. */
@Entity
@Table(name = "conversion_attempt")
@IdClass(ConversionAttempt.Key.class)
public class ConversionAttempt extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    @Id
    public int attempt;

    @Column(name = "worker_id", nullable = false)
    public String workerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AttemptState state;

    /** The request as JSON, without secrets; null for an attempt cancelled before any worker saw its request. */
    public String request;

    public String message;

    @Column(name = "claimed_at", nullable = false)
    public Instant claimedAt;

    @Column(name = "heartbeat_at", nullable = false)
    public Instant heartbeatAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(nullable = false)
    public int takeovers;

    /** The primary key: job and attempt number. */
    public static class Key implements Serializable {

        public String jobId;
        public int attempt;

        public Key() {
        }

        public Key(String jobId, int attempt) {
            this.jobId = jobId;
            this.attempt = attempt;
        }

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
