package dev.ferry.disk.convert;

import java.time.Duration;

/**
 * Where a conversion stands.
 *
 * @param bytesDone guest bytes committed or skipped so far, including any part done before a resume
 * @param bytesTotal the disk's virtual size
 * @param bytesRead bytes read from the source in this run (zero ranges are not read)
 * @param bytesWritten guest bytes committed to the target in this run (zeros are not written)
 * @param bytesPerSecond guest bytes done per second in this run, on average since it started
 * @param elapsed time since this run started
 */
public record ConversionProgress(
        long bytesDone,
        long bytesTotal,
        long bytesRead,
        long bytesWritten,
        double bytesPerSecond,
        Duration elapsed) {

    /** Share done, from 0.0 to 1.0 (1.0 for an empty disk). */
    public double fraction() {
        return bytesTotal == 0 ? 1.0 : (double) bytesDone / bytesTotal;
    }
}
