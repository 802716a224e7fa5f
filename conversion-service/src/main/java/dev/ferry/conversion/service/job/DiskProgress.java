package dev.ferry.conversion.service.job;

import dev.ferry.events.conversion.ConversionUpdate.Phase;

/**
 * Where one disk of a running job stands, as the API and the heartbeat report it.
 *
 * @param diskKey the disk
 * @param fileName the target file
 * @param phase what the worker does with the disk (validating until its conversion starts)
 * @param bytesDone guest bytes done
 * @param bytesTotal guest bytes in all
 * @param bytesPerSecond current rate
 */
public record DiskProgress(String diskKey, String fileName, Phase phase, long bytesDone, long bytesTotal,
        long bytesPerSecond) {

    DiskProgress with(Phase newPhase, long done, long total, long rate) {
        return new DiskProgress(diskKey, fileName, newPhase, done, total, rate);
    }
}
