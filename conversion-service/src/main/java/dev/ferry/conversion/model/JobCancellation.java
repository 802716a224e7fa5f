package dev.ferry.conversion.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A job's cancellation, kept so that a worker picking its request up later cancels instead of converting. */
@Entity
@Table(name = "job_cancellation")
public class JobCancellation extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    /** Attempts up to this one are cancelled. */
    @Column(nullable = false)
    public int attempt;

    public String reason;

    /** Whether the cancelled attempts leave their outputs for a later attempt (a lapsed lease, not a person). */
    @Column(name = "keep_outputs", nullable = false)
    public boolean keepOutputs;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    /** Whether this cancellation covers {@code attemptNumber}. */
    public boolean covers(int attemptNumber) {
        return attemptNumber <= attempt;
    }
}
