package dev.ferry.cli.watch;

import static dev.ferry.cli.watch.WaveEvents.GIB;
import static dev.ferry.cli.watch.WaveEvents.job;
import static dev.ferry.cli.watch.WaveEvents.jobChanged;
import static dev.ferry.cli.watch.WaveEvents.progress;
import static dev.ferry.cli.watch.WaveEvents.waveChanged;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineWaveViewTest {

    private final StringWriter out = new StringWriter();
    private final LineWaveView view = new LineWaveView(new PrintWriter(out), ZoneOffset.UTC);

    @Test
    void everyStateChangeIsALineWithItsTimeAndReason() {
        view.jobChanged(jobChanged(3, "web01", "CONVERTING", "QUEUED", 2));
        view.waveChanged(waveChanged(9, "RUNNING", "COMPLETED"));

        assertThat(out.toString().lines()).containsExactly(
                "10:00:03  web01 CONVERTING -> QUEUED (attempt 2): because",
                "10:00:09  wave finance-1 RUNNING -> COMPLETED: every job completed");
    }

    @Test
    void progressIsPrintedWithEachRunningJobsFigures() {
        view.progress(progress(0, "RUNNING", GIB, List.of(job("web01", GIB / 2))));

        assertThat(out.toString().lines()).containsExactly(
                "10:00:00  RUNNING 25% 1.0 GiB of 4.0 GiB, 100.0 MiB/s, ETA 30s; jobs: 2 queued, 1 converting, "
                        + "1 completed",
                "           web01 CONVERTING 25% 512.0 MiB of 2.0 GiB, 50.0 MiB/s");
    }

    @Test
    void progressIsPrintedAtMostEveryTenSecondsWhileTheSameJobsRun() {
        view.progress(progress(0, "RUNNING", 1, List.of(job("web01", 1))));
        view.progress(progress(2, "RUNNING", 2, List.of(job("web01", 2))));
        view.progress(progress(4, "RUNNING", 3, List.of(job("web01", 3))));
        view.progress(progress(10, "RUNNING", 4, List.of(job("web01", 4))));

        assertThat(out.toString().lines().filter(line -> line.contains("RUNNING")))
                .extracting(line -> line.substring(0, 8)).containsExactly("10:00:00", "10:00:10");
    }

    @Test
    void progressIsPrintedAtOnceWhenTheRunningJobsChange() {
        view.progress(progress(0, "RUNNING", 1, List.of(job("web01", 1))));
        view.progress(progress(2, "RUNNING", 2, List.of(job("web01", 2), job("db01", 0))));

        assertThat(out.toString()).contains("10:00:02  RUNNING", "db01 CONVERTING");
    }

    @Test
    void jobsPerStateAreNamedInTheOrderJobsGoThroughThem() {
        assertThat(JobCounts.describe(java.util.Map.of("FAILED", 1L, "QUEUED", 3L, "COMPLETED", 2L, "PENDING", 0L)))
                .isEqualTo("3 queued, 2 completed, 1 failed");
        assertThat(JobCounts.describe(java.util.Map.of())).isEqualTo("none");
    }
}
