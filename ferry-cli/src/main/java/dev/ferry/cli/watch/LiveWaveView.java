package dev.ferry.cli.watch;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ferry.cli.output.HumanUnits;
import dev.ferry.events.wave.JobStateChanged;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;

/**
 * A watched wave on a terminal: state changes scroll by as lines, and below them a block redrawn in place holds the
 * wave's bar (bytes, rate, ETA), one bar per running job and, for a job of several disks, one per disk. Lines are cut
 * to the terminal's width, so that none wraps and the block can be erased by moving the cursor up as many lines as it
 * drew.
 */
public final class LiveWaveView implements WaveView {

    private static final String ERASE_LINE_ABOVE = "\u001b[1A\u001b[2K";
    private static final int BAR_WIDTH = 24;
    /** Jobs whose disks are fetched at each progress event, at most (a request each). */
    private static final int JOBS_WITH_DISKS = 8;

    private final PrintWriter out;
    private final int columns;
    private final LineWaveView log;
    private final JobDisks jobDisks;
    private final java.io.StringWriter logged = new java.io.StringWriter();
    private final Map<String, List<DiskProgress>> disks = new HashMap<>();
    private WaveProgress last;
    private int drawnLines;

    public LiveWaveView(PrintWriter out, int columns, ZoneId zone, JobDisks jobDisks) {
        this.out = out;
        this.columns = columns;
        this.log = new LineWaveView(new PrintWriter(logged), zone);
        this.jobDisks = jobDisks;
    }

    @Override
    public void progress(WaveProgress progress) {
        last = progress;
        disks.clear();
        progress.running().stream().limit(JOBS_WITH_DISKS).forEach(job -> disks.put(job.jobId(), jobDisks.of(job
                .jobId())));
        redraw();
    }

    @Override
    public void waveChanged(WaveStateChanged change) {
        log.waveChanged(change);
        redraw();
    }

    @Override
    public void jobChanged(JobStateChanged change) {
        log.jobChanged(change);
        redraw();
    }

    @Override
    public void note(String text) {
        log.note(text);
        redraw();
    }

    @Override
    public void close() {
        redraw();
        out.flush();
    }

    /** The block as it is drawn now: the wave's line and bar, then one line per running job. */
    List<String> block() {
        List<String> lines = new ArrayList<>();
        if (last == null) {
            lines.add("waiting for the wave's progress...");
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "wave %s  %s  jobs: %s", last.waveName(), last.state(),
                JobCounts.describe(last.jobsByState())));
        lines.add(bar(last.bytesDone(), last.bytesTotal(), last.bytesPerSecond(), last.etaSeconds()));
        int nameWidth = last.running().stream().mapToInt(job -> String.valueOf(job.machineName()).length()).max()
                .orElse(0);
        for (WaveProgress.JobProgress job : last.running()) {
            lines.add(String.format(Locale.ROOT, "  %-" + nameWidth + "s %-10s %s", job.machineName(), job.state(),
                    bar(job.bytesDone(), job.bytesTotal(), job.bytesPerSecond(), ProgressBar.etaSeconds(job
                            .bytesDone(), job.bytesTotal(), job.bytesPerSecond()))));
            List<DiskProgress> jobsDisks = disks.getOrDefault(job.jobId(), List.of());
            if (jobsDisks.size() > 1) {
                int labelWidth = jobsDisks.stream().mapToInt(disk -> disk.label().length()).max().orElse(0);
                for (DiskProgress disk : jobsDisks) {
                    lines.add(String.format(Locale.ROOT, "    %-" + labelWidth + "s %-10s %s", disk.label(),
                            disk.phase() == null ? "" : disk.phase(), bar(disk.bytesDone(), disk.bytesTotal(),
                                    disk.bytesPerSecond(), ProgressBar.etaSeconds(disk.bytesDone(), disk
                                            .bytesTotal(), disk.bytesPerSecond()))));
                }
            }
        }
        return lines;
    }

    private void redraw() {
        StringBuilder screen = new StringBuilder();
        screen.append(ERASE_LINE_ABOVE.repeat(drawnLines));
        String scrolled = logged.toString();
        logged.getBuffer().setLength(0);
        screen.append(scrolled);
        List<String> block = block();
        for (String line : block) {
            screen.append(fit(line)).append('\n');
        }
        drawnLines = block.size();
        out.print(screen);
        out.flush();
    }

    private static String bar(long done, long total, long rate, Long eta) {
        return String.format(Locale.ROOT, "%s %3d%%  %s / %s  %s  ETA %s", ProgressBar.render(done, total,
                BAR_WIDTH), HumanUnits.percent(done, total), HumanUnits.bytes(done), HumanUnits.bytes(total),
                HumanUnits.rate(rate), HumanUnits.duration(eta));
    }

    private String fit(String line) {
        return line.length() < columns ? line : line.substring(0, Math.max(0, columns - 1));
    }
}
