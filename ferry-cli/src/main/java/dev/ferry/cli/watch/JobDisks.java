package dev.ferry.cli.watch;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.http.ApiProblem;
import dev.ferry.cli.http.ServiceUnreachableException;

/** The disks of running jobs, for the live view's per-disk bars (wave events carry figures per job only). */
@FunctionalInterface
public interface JobDisks {

    /** Fetches none: the view shows one bar per job. */
    JobDisks NONE = jobId -> List.of();

    /** The job's disks with their progress; empty when they cannot be had just now. */
    List<DiskProgress> of(String jobId);

    /** From the scheduler's job detail; a failed request shows no disks this time rather than ending the watch. */
    static JobDisks from(ApiClient scheduler) {
        return jobId -> {
            try {
                JsonNode job = scheduler.get("/api/v1/jobs/" + jobId);
                List<DiskProgress> disks = new ArrayList<>();
                job.path("disks").forEach(disk -> disks.add(new DiskProgress(disk.path("label").asText(disk.path(
                        "diskKey").asText()), disk.path("phase").asText(null), disk.path("bytesDone").asLong(),
                        disk.path("bytesTotal").asLong(), disk.path("bytesPerSecond").asLong())));
                return disks;
            } catch (ApiProblem | ServiceUnreachableException e) {
                return List.of();
            }
        };
    }
}
