package dev.ferry.conversion.service.job;

import java.time.Duration;

import dev.ferry.conversion.messaging.ProgressSender;
import dev.ferry.disk.convert.ConversionListener;
import dev.ferry.disk.convert.ConversionProgress;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;

/**
 * Hears one disk's conversion and then its verification: keeps the job's progress current, sends a PROGRESS event
 * at most once per interval within a phase (the first report of a phase goes at once, so that a short verification
 * is seen), a CHECKPOINT event per checkpoint, at which it also renews the claim, so a superseded or cancelled attempt
 * notices there too, and a last CHECKPOINT when the disk is verified and recorded: a later attempt never converts it
 * again.
 */
final class DiskEvents implements ConversionListener {

    private final RunningJob job;
    private final String diskKey;
    private final String workerId;
    private final ProgressSender sender;
    private final Heartbeats heartbeats;
    private final long intervalNanos;
    private Phase phase = Phase.CONVERTING;
    private Phase lastSentPhase;
    private long lastSent;
    private long total;

    DiskEvents(RunningJob job, String diskKey, String workerId, ProgressSender sender, Heartbeats heartbeats,
            Duration interval) {
        this.job = job;
        this.diskKey = diskKey;
        this.workerId = workerId;
        this.sender = sender;
        this.heartbeats = heartbeats;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void progress(ConversionProgress progress) {
        report(progress.bytesDone(), progress.bytesTotal(), (long) progress.bytesPerSecond());
    }

    @Override
    public void resumed(long fromOffset) {
        sender.send(EventTypes.CONVERSION_PROGRESS, update(fromOffset, 0, "resuming from checkpoint at "
                + fromOffset));
    }

    @Override
    public void checkpointed(long committedOffset) {
        sender.send(EventTypes.CONVERSION_CHECKPOINT, update(committedOffset, 0, null));
        heartbeats.renew(job);
    }

    /** The disk is converted; from now on the reports count the bytes of the target read back. */
    void verifying(long virtualSize) {
        phase = Phase.VERIFYING;
        report(0, virtualSize, 0);
    }

    /** The disk is verified and recorded. */
    void verified(long virtualSize) {
        phase = Phase.DONE;
        total = virtualSize;
        job.update(diskKey, Phase.DONE, virtualSize, virtualSize, 0);
        sender.send(EventTypes.CONVERSION_CHECKPOINT, update(virtualSize, 0, "verified"));
    }

    private void report(long bytesDone, long bytesTotal, long rate) {
        total = bytesTotal;
        job.update(diskKey, phase, bytesDone, bytesTotal, rate);
        long now = System.nanoTime();
        if (phase == lastSentPhase && now - lastSent < intervalNanos) {
            return;
        }
        lastSentPhase = phase;
        lastSent = now;
        sender.send(EventTypes.CONVERSION_PROGRESS, update(bytesDone, rate, null));
    }

    private ConversionUpdate update(long bytesDone, long rate, String message) {
        return new ConversionUpdate(job.jobId(), job.attempt(), workerId, diskKey, bytesDone, total, rate, message,
                false, null, null, phase);
    }
}
