package dev.ferry.scheduler.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.ferry.scheduler.service.wave.WaveState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A migration wave: the machines a person submitted together, where they go, when, and how much may run at once. */
@Entity
@Table(name = "wave")
public class Wave extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** Changed only by {@link dev.ferry.scheduler.service.wave.WaveTransitions}. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public WaveState state;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    @Column(name = "storage_root", nullable = false)
    public String storageRoot;

    @Column(nullable = false)
    public String folder;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "not_after")
    public Instant notAfter;

    @Column(name = "limit_jobs", nullable = false)
    public int limitJobs;

    @Column(name = "limit_source_host")
    public Integer limitSourceHost;

    @Column(name = "limit_datastore")
    public Integer limitDatastore;

    @Column(name = "limit_target_host")
    public Integer limitTargetHost;

    @Column(name = "retry_attempts", nullable = false)
    public int retryAttempts;

    @Column(name = "retry_backoff_ms", nullable = false)
    public long retryBackoffMillis;

    @Column(name = "retry_max_backoff_ms", nullable = false)
    public long retryMaxBackoffMillis;

    @Column(name = "skip_blocked", nullable = false)
    public boolean skipBlocked;

    /** The placement of the wave's machines on target hosts (JSON), or null when the wave named none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String placement;

    /** Counts of the assessment made at submission (JSON). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "assessment_summary", nullable = false, columnDefinition = "jsonb")
    public String assessmentSummary;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "state_changed_at", nullable = false)
    public Instant stateChangedAt;

    /** When admission last dispatched one of its jobs; waves admitted from longest ago go first. */
    @Column(name = "last_admitted_at")
    public Instant lastAdmittedAt;
}
