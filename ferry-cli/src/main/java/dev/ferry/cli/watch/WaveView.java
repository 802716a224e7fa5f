package dev.ferry.cli.watch;

import dev.ferry.events.wave.JobStateChanged;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;

/** Shows a watched wave to a person: a live view on a terminal, plain lines otherwise. */
public interface WaveView {

    /** Where the wave stands now (the first event of a stream is one, then every few seconds). */
    void progress(WaveProgress progress);

    void waveChanged(WaveStateChanged change);

    void jobChanged(JobStateChanged change);

    /** Something about the watching itself ("connection lost, reconnecting"). */
    void note(String text);

    /** The wave has ended or watching stops: leave the screen as a record, not a live area. */
    void close();
}
