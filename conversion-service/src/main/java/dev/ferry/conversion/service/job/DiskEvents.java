package dev.ferry.conversion.service.job;

import java.time.Duration;

import dev.ferry.conversion.messaging.ProgressSender;
import dev.ferry.disk.convert.ConversionListener;
import dev.ferry.disk.convert.ConversionProgress;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.conversion.ConversionUpdate.Phase;

/**
 * Hears one disk's conversion: keeps the job's progress current, sends a PROGRESS event at most once per interval
 * (strictly, including the last report) and a CHECKPOINT event per checkpoint, at which it also renews the claim, so a
 * superseded or cancelled attempt notices there too.
 */
final class DiskEvents implements ConversionListener {

    private final RunningJob job;
    private final String diskKey;
    private final String workerId;
    private final ProgressSender sender;
    private final Heartbeats heartbeats;
    private final long intervalNanos;
    private long lastSent;
    private boolean sentAny;
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
        total = progress.bytesTotal();
        long rate = (long) progress.bytesPerSecond();
        job.update(diskKey, Phase.CONVERTING, progress.bytesDone(), progress.bytesTotal(), rate);
        long now = System.nanoTime();
        if (sentAny && now - lastSent < intervalNanos) {
            return;
        }
        sentAny = true;
        lastSent = now;
        sender.send(EventTypes.CONVERSION_PROGRESS, update(progress.bytesDone(), rate, null));
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

    private ConversionUpdate update(long bytesDone, long rate, String message) {
        return new ConversionUpdate(job.jobId(), job.attempt(), workerId, diskKey, bytesDone, total, rate, message,
                false, null, null, Phase.CONVERTING);
    }
}
