package dev.ferry.cli.watch;

/**
 * Where one disk of a running job stands, as the scheduler's job detail reports it.
 *
 * @param label the source disk's label ("Hard disk 1")
 * @param phase what the worker does with it ("CONVERTING", "VERIFYING", "DONE"), or null
 * @param bytesDone guest bytes converted
 * @param bytesTotal guest bytes in all
 * @param bytesPerSecond current rate
 */
public record DiskProgress(String label, String phase, long bytesDone, long bytesTotal, long bytesPerSecond) {
}
