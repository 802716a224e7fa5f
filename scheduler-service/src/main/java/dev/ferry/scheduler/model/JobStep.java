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

import dev.ferry.scheduler.service.job.StepKind;
import dev.ferry.scheduler.service.job.StepStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One step of a job's itinerary with its status and times. */
@Entity
@Table(name = "job_step")
@IdClass(JobStep.Key.class)
public class JobStep extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    /** Order within the itinerary, from 0. */
    @Id
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StepKind kind;

    /** The disk the step is done to, or null for a step of the whole job. */
    @Column(name = "disk_key")
    public String diskKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StepStatus status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** Why the step failed, or null. */
    public String message;

    /** The composite key: job and position. */
    public static class Key implements Serializable {

        public UUID jobId;
        public int position;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.position == position && Objects.equals(key.jobId, jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, position);
        }
    }
}
