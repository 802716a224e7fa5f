package dev.ferry.conversion.service.job;

/**
 * Where one disk of a running job stands, as the API and the heartbeat report it.
 *
 * @param diskKey the disk
 * @param fileName the target file
 * @param phase what the disk is doing
 * @param bytesDone guest bytes done
 * @param bytesTotal guest bytes in all
 * @param bytesPerSecond current rate
 */
public record DiskProgress(String diskKey, String fileName, Phase phase, long bytesDone, long bytesTotal,
        long bytesPerSecond) {

    /** The steps a disk goes through. */
    public enum Phase {
        WAITING,
        CONVERTING,
        VERIFYING,
        DONE
    }

    DiskProgress with(Phase newPhase, long done, long total, long rate) {
        return new DiskProgress(diskKey, fileName, newPhase, done, total, rate);
    }
}
