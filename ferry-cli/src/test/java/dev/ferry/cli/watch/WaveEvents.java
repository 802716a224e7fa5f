package dev.ferry.cli.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ferry.events.wave.JobStateChanged;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;

/** Wave events as the scheduler sends them, for the view and watcher tests. */
final class WaveEvents {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final long GIB = 1L << 30;

    private WaveEvents() {
    }

    static WaveProgress progress(int secondsAfter, String state, long done, List<WaveProgress.JobProgress> running) {
        return new WaveProgress("w-1", "finance-1", state, Map.of("CONVERTING", (long) running.size(), "QUEUED", 2L,
                "COMPLETED", 1L), done, 4 * GIB, running.isEmpty() ? 0 : 100L << 20,
                running.isEmpty() ? null
                        : 30L,
                running, T0.plusSeconds(secondsAfter));
    }

    static WaveProgress.JobProgress job(String name, long done) {
        return new WaveProgress.JobProgress("j-" + name, name, "CONVERTING", 1, done, 2 * GIB, 50L << 20);
    }

    static JobStateChanged jobChanged(int secondsAfter, String name, String from, String to, int attempt) {
        return new JobStateChanged("w-1", "j-" + name, "m-" + name, name, from, to, attempt, "because",
                T0.plusSeconds(secondsAfter));
    }

    static WaveStateChanged waveChanged(int secondsAfter, String from, String to) {
        return new WaveStateChanged("w-1", "finance-1", from, to, "every job completed", T0.plusSeconds(
                secondsAfter));
    }
}
