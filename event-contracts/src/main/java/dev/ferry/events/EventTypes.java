package dev.ferry.events;

import java.util.List;

import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.ConversionUpdate;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.events.wave.JobStateChanged;
import dev.ferry.events.wave.WaveProgress;
import dev.ferry.events.wave.WaveStateChanged;

/** Every event type Ferry publishes, by topic. */
public final class EventTypes {

    // --- ferry.inventory.machines -------------------------------------------------------------------------------

    /** A machine was discovered or changed; data is the whole current record. */
    public static final EventType<MachineRecord> MACHINE_UPSERTED = new EventType<>(
            "dev.ferry.inventory.machine.upserted", 1, MachineRecord.class);

    // --- ferry.conversion.requests ------------------------------------------------------------------------------

    /** Convert a machine as planned. */
    public static final EventType<ConversionRequest> CONVERSION_REQUESTED = new EventType<>(
            "dev.ferry.conversion.requested", 1, ConversionRequest.class);

    /** Stop a job's conversion and remove its partial outputs. */
    public static final EventType<ConversionCancel> CONVERSION_CANCEL_REQUESTED = new EventType<>(
            "dev.ferry.conversion.cancel-requested", 1, ConversionCancel.class);

    // --- ferry.conversion.events --------------------------------------------------------------------------------

    /** A worker took the job (this also renews its lease). */
    public static final EventType<ConversionUpdate> CONVERSION_STARTED = conversionUpdate("started");

    /** Bytes done so far (renews the lease); at most once a second per disk. */
    public static final EventType<ConversionUpdate> CONVERSION_PROGRESS = conversionUpdate("progress");

    /** A disk's conversion is durable up to {@code bytesDone}; a later attempt resumes from there. */
    public static final EventType<ConversionUpdate> CONVERSION_CHECKPOINT = conversionUpdate("checkpoint");

    /** Every disk converted and verified, the definition written. */
    public static final EventType<ConversionUpdate> CONVERSION_COMPLETED = conversionUpdate("completed");

    /** The attempt failed; {@code retryable} says whether another may succeed. */
    public static final EventType<ConversionUpdate> CONVERSION_FAILED = conversionUpdate("failed");

    /** The job stopped on request and its partial outputs are gone. */
    public static final EventType<ConversionUpdate> CONVERSION_CANCELLED = conversionUpdate("cancelled");

    // --- ferry.waves.events -------------------------------------------------------------------------------------

    /** A wave changed state (created, started, paused, resumed, finished, cancelled). */
    public static final EventType<WaveStateChanged> WAVE_STATE_CHANGED = new EventType<>(
            "dev.ferry.wave.state-changed", 1, WaveStateChanged.class);

    /** One of a wave's jobs changed state. */
    public static final EventType<JobStateChanged> JOB_STATE_CHANGED = new EventType<>(
            "dev.ferry.wave.job-state-changed", 1, JobStateChanged.class);

    /** A wave's progress: bytes, rate, estimated finish and its running jobs; every few seconds while it runs. */
    public static final EventType<WaveProgress> WAVE_PROGRESS = new EventType<>(
            "dev.ferry.wave.progress", 1, WaveProgress.class);

    public static final List<EventType<?>> ALL = List.of(MACHINE_UPSERTED, CONVERSION_REQUESTED,
            CONVERSION_CANCEL_REQUESTED, CONVERSION_STARTED, CONVERSION_PROGRESS, CONVERSION_CHECKPOINT,
            CONVERSION_COMPLETED, CONVERSION_FAILED, CONVERSION_CANCELLED, WAVE_STATE_CHANGED, JOB_STATE_CHANGED,
            WAVE_PROGRESS);

    private EventTypes() {
    }

    /** The type with this CloudEvents name, or null when this build does not know it. */
    public static EventType<?> byName(String name) {
        for (EventType<?> type : ALL) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }

    private static EventType<ConversionUpdate> conversionUpdate(String what) {
        return new EventType<>("dev.ferry.conversion." + what, 1, ConversionUpdate.class);
    }
}
