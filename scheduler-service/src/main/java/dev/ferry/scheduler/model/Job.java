package dev.ferry.scheduler.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.ferry.scheduler.service.job.JobState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The migration of one machine within a wave: its plan, where it runs and goes, and how far it is. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "wave_id", nullable = false)
    public UUID waveId;

    /** Dispatch order within the wave, from 0. */
    @Column(nullable = false)
    public int position;

    @Column(name = "machine_id", nullable = false)
    public UUID machineId;

    @Column(name = "machine_name", nullable = false)
    public String machineName;

    /** Changed only by {@link dev.ferry.scheduler.service.job.JobTransitions}. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobState state;

    /** The latest attempt dispatched, from 1; 0 before the first. */
    @Column(nullable = false)
    public int attempt;

    /** Attempts dispatched before the last retry by a person; they do not count against the retry policy. */
    @Column(name = "retry_base", nullable = false)
    public int retryBase;

    /** Not dispatched before this (the back-off after a failed attempt), or null. */
    @Column(name = "not_before")
    public Instant notBefore;

    /** When the worker's hold on the job lapses unless it reports, or null when no worker holds it. */
    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** The source host the machine runs on, from its record's placement, or null when unknown. */
    @Column(name = "source_host")
    public String sourceHost;

    /** The datastores the machine's files live on (JSON array). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String datastores;

    /** The target host the wave's capacity plan placed the machine on, or null. */
    @Column(name = "target_host")
    public String targetHost;

    @Column(name = "storage_root", nullable = false)
    public String storageRoot;

    /** The job's own folder under the storage root (the wave's folder and the machine's). */
    @Column(nullable = false)
    public String folder;

    /** The assessment's verdict the job was submitted with. */
    @Embedded
    public MachineVerdict verdict;

    @Column(name = "bytes_total", nullable = false)
    public long bytesTotal;

    /** The VM definition files written (JSON array), once completed. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "definition_files", columnDefinition = "jsonb")
    public String definitionFiles;

    /** The error of the latest failed attempt, or null. */
    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "state_changed_at", nullable = false)
    public Instant stateChangedAt;
}
