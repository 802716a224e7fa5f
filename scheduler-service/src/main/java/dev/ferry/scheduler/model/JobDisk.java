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

import dev.ferry.events.conversion.ConversionUpdate.Phase;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One disk of a job: its progress as the worker reports it, and the image written. */
@Entity
@Table(name = "job_disk")
@IdClass(JobDisk.Key.class)
public class JobDisk extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public UUID jobId;

    @Id
    @Column(name = "disk_key")
    public String diskKey;

    /** Order within the plan, boot disk first. */
    @Column(nullable = false)
    public int position;

    public String label;

    @Column(name = "file_name")
    public String fileName;

    @Column(name = "target_format")
    public String targetFormat;

    @Column(name = "bytes_total", nullable = false)
    public long bytesTotal;

    @Column(name = "bytes_done", nullable = false)
    public long bytesDone;

    @Column(name = "bytes_per_second", nullable = false)
    public long bytesPerSecond;

    /** Bytes durable at the latest checkpoint: where a later attempt resumes. */
    @Column(name = "checkpoint_bytes", nullable = false)
    public long checkpointBytes;

    @Enumerated(EnumType.STRING)
    public Phase phase;

    /** The attempt of the newest progress applied. */
    @Column(nullable = false)
    public int attempt;

    /** The event time of the newest progress applied; older events are not applied over it. */
    @Column(name = "reported_at")
    public Instant reportedAt;

    /** Bytes the written image occupies, once completed. */
    @Column(name = "file_size")
    public Long fileSize;

    /** Digest of the guest-visible content, once completed and verified. */
    public String digest;

    /** The composite key: job and disk. */
    public static class Key implements Serializable {

        public UUID jobId;
        public String diskKey;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(key.jobId, jobId) && Objects.equals(key.diskKey, diskKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, diskKey);
        }
    }
}
