package dev.ferry.cli.watch;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.ferry.cli.output.HumanUnits;
import dev.ferry.events.wave.JobStateChanged;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;

/**
 * A watched wave as plain lines, one per change, for logs and pipes: every wave and job state change, and the
 * progress at most every {@link #PROGRESS_EVERY} (and whenever the jobs running change).
 */
public final class LineWaveView implements WaveView {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final PrintWriter out;
    private final DateTimeFormatter time;
    private Instant lastProgressAt;
    private long lastBytesDone = -1;
    private String lastRunning;

    public LineWaveView(PrintWriter out, ZoneId zone) {
        this.out = out;
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    @Override
    public void progress(WaveProgress progress) {
        String running = progress.running().stream().map(WaveProgress.JobProgress::jobId).sorted().toList()
                .toString();
        boolean due = lastProgressAt == null || progress.at() == null
                || !progress.at().isBefore(lastProgressAt.plus(PROGRESS_EVERY));
        boolean moved = progress.bytesDone() != lastBytesDone;
        if (!running.equals(lastRunning) || due && moved) {
            print(progress.at(), summary(progress));
            for (WaveProgress.JobProgress job : progress.running()) {
                out.println(String.format(Locale.ROOT, "           %s %s %d%% %s of %s, %s", job.machineName(),
                        job.state(), HumanUnits.percent(job.bytesDone(), job.bytesTotal()),
                        HumanUnits.bytes(job.bytesDone()), HumanUnits.bytes(job.bytesTotal()),
                        HumanUnits.rate(job.bytesPerSecond())));
            }
            out.flush();
            lastProgressAt = progress.at();
            lastBytesDone = progress.bytesDone();
            lastRunning = running;
        }
    }

    @Override
    public void waveChanged(WaveStateChanged change) {
        print(change.at(), "wave " + change.waveName() + " " + (change.from() == null ? "" : change.from() + " -> ")
                + change.to() + reason(change.reason()));
    }

    @Override
    public void jobChanged(JobStateChanged change) {
        print(change.at(), change.machineName() + " " + (change.from() == null ? "" : change.from() + " -> ")
                + change.to() + (change.attempt() > 1 ? " (attempt " + change.attempt() + ")" : "")
                + reason(change.reason()));
    }

    @Override
    public void note(String text) {
        print(Instant.now(), text);
    }

    @Override
    public void close() {
        out.flush();
    }

    /** "RUNNING 45% 1.2 GiB of 2.0 GiB, 35 MiB/s, ETA 23s; jobs: 1 converting, 2 queued". */
    static String summary(WaveProgress progress) {
        return String.format(Locale.ROOT, "%s %d%% %s of %s, %s, ETA %s; jobs: %s", progress.state(),
                HumanUnits.percent(progress.bytesDone(), progress.bytesTotal()), HumanUnits.bytes(progress
                        .bytesDone()),
                HumanUnits.bytes(progress.bytesTotal()), HumanUnits.rate(progress
                        .bytesPerSecond()),
                HumanUnits.duration(progress.etaSeconds()), JobCounts.describe(progress
                        .jobsByState()));
    }

    private void print(Instant at, String text) {
        out.println(time.format(at == null ? Instant.now() : at) + "  " + text);
        out.flush();
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }
}
