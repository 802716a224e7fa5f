package dev.ferry.cli.watch;

import static dev.ferry.cli.watch.WaveEvents.GIB;
import static dev.ferry.cli.watch.WaveEvents.job;
import static dev.ferry.cli.watch.WaveEvents.jobChanged;
import static dev.ferry.cli.watch.WaveEvents.progress;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class LiveWaveViewTest {

    private static final String ERASE_LINE_ABOVE = "\u001b[1A\u001b[2K";

    private final StringWriter out = new StringWriter();

    @Test
    void blockHoldsTheWavesBarAndOneBarPerRunningJob() {
        LiveWaveView view = new LiveWaveView(new PrintWriter(out), 120, ZoneOffset.UTC, JobDisks.NONE);

        view.progress(progress(0, "RUNNING", GIB, List.of(job("web01", GIB / 2), job("database01", GIB))));

        assertThat(view.block()).containsExactly(
                "wave finance-1  RUNNING  jobs: 2 queued, 2 converting, 1 completed",
                "[######..................]  25%  1.0 GiB / 4.0 GiB  100.0 MiB/s  ETA 30s",
                "  web01      CONVERTING [######..................]  25%  512.0 MiB / 2.0 GiB  50.0 MiB/s  ETA 31s",
                "  database01 CONVERTING [############............]  50%  1.0 GiB / 2.0 GiB  50.0 MiB/s  ETA 21s");
    }

    @Test
    void aJobOfSeveralDisksGetsABarPerDisk() {
        JobDisks disks = jobId -> jobId.equals("j-db01") ? List.of(
                new DiskProgress("Hard disk 1", "VERIFYING", GIB, GIB, 0),
                new DiskProgress("Hard disk 2", "CONVERTING", 0, GIB, 25L << 20))
                : List.of(
                        new DiskProgress("Hard disk 1", "CONVERTING", 1, 2, 1));
        LiveWaveView view = new LiveWaveView(new PrintWriter(out), 120, ZoneOffset.UTC, disks);

        view.progress(progress(0, "RUNNING", GIB, List.of(job("web01", GIB / 2), job("db01", GIB))));

        assertThat(view.block()).hasSize(6).endsWith(
                "  db01  CONVERTING [############............]  50%  1.0 GiB / 2.0 GiB  50.0 MiB/s  ETA 21s",
                "    Hard disk 1 VERIFYING  [########################] 100%  1.0 GiB / 1.0 GiB  0 B/s  ETA -",
                "    Hard disk 2 CONVERTING [........................]   0%  0 B / 1.0 GiB  25.0 MiB/s  ETA 41s");
    }

    @Test
    void eachRedrawErasesTheLinesTheLastOneDrewAndStateChangesScrollAboveTheBlock() {
        LiveWaveView view = new LiveWaveView(new PrintWriter(out), 120, ZoneOffset.UTC, JobDisks.NONE);
        view.progress(progress(0, "RUNNING", GIB, List.of(job("web01", GIB / 2))));
        int firstDraw = out.getBuffer().length();

        view.jobChanged(jobChanged(5, "web01", "CONVERTING", "COMPLETED", 1));

        String redraw = out.toString().substring(firstDraw);
        assertThat(redraw).startsWith(ERASE_LINE_ABOVE.repeat(3) + "10:00:05  web01 CONVERTING -> COMPLETED");
        assertThat(redraw.lines().skip(1)).hasSize(3).first().asString().startsWith("wave finance-1");
    }

    @Test
    void linesAreCutToTheTerminalWidthSoThatNoneWraps() {
        LiveWaveView view = new LiveWaveView(new PrintWriter(out), 40, ZoneOffset.UTC, JobDisks.NONE);

        view.progress(progress(0, "RUNNING", GIB, List.of(job("a-machine-with-a-very-long-name", 1))));

        assertThat(out.toString().lines()).allSatisfy(line -> assertThat(line.replace(ERASE_LINE_ABOVE, ""))
                .hasSizeLessThan(40));
    }
}
