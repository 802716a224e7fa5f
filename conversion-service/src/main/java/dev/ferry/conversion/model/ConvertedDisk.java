package dev.ferry.conversion.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.ferry.events.conversion.DiskResult;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A disk of a job that was converted and verified, so a resumed job does not convert it again. */
@Entity
@Table(name = "converted_disk")
@IdClass(ConvertedDisk.Key.class)
public class ConvertedDisk extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    @Id
    @Column(name = "disk_key")
    public String diskKey;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "file_name", nullable = false)
    public String fileName;

    @Column(nullable = false)
    public String format;

    @Column(name = "virtual_size", nullable = false)
    public long virtualSize;

    @Column(name = "file_size", nullable = false)
    public long fileSize;

    @Column(nullable = false)
    public String digest;

    @Column(name = "resumed_from", nullable = false)
    public long resumedFrom;

    @Column(name = "bytes_read", nullable = false)
    public long bytesRead;

    @Column(name = "converted_at", nullable = false)
    public Instant convertedAt;

    /** The record of {@code result}, converted in {@code attempt} of {@code jobId}. */
    public static ConvertedDisk of(String jobId, int attempt, DiskResult result) {
        ConvertedDisk disk = new ConvertedDisk();
        disk.jobId = jobId;
        disk.diskKey = result.diskKey();
        disk.attempt = attempt;
        disk.fileName = result.fileName();
        disk.format = result.format();
        disk.virtualSize = result.virtualSize();
        disk.fileSize = result.fileSize();
        disk.digest = result.digest();
        disk.resumedFrom = result.resumedFrom();
        disk.bytesRead = result.bytesRead();
        disk.convertedAt = Instant.now();
        return disk;
    }

    public DiskResult toResult() {
        return new DiskResult(diskKey, fileName, format, virtualSize, fileSize, digest, resumedFrom, bytesRead);
    }

    /** The primary key: job and disk. */
    public static class Key implements Serializable {

        public String jobId;
        public String diskKey;

        public Key() {
        }

        public Key(String jobId, String diskKey) {
            this.jobId = jobId;
            this.diskKey = diskKey;
        }

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
