package dev.ferry.scheduler.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.conversion.ConversionCancel;
import dev.ferry.events.conversion.ConversionRequest;
import dev.ferry.events.conversion.TargetLocation;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.messaging.Outbox;
import dev.ferry.scheduler.model.Job;

/**
 * Sends the conversion workers their commands through the outbox, keyed by job id on the requests topic: convert a
 * job's machine (one request per attempt), or stop it (workers all hear cancels).
 */
@ApplicationScoped
public class ConversionCommands {

    @Inject
    Outbox outbox;

    /** Asks a worker to convert {@code job}'s machine as planned, as attempt {@code job.attempt}, and to verify it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void request(Job job) {
        ConversionPlan plan = job.verdict.conversionPlan();
        outbox.publish(Topics.CONVERSION_REQUESTS, EventTypes.CONVERSION_REQUESTED, job.id.toString(),
                new ConversionRequest(job.id.toString(), job.waveId.toString(), job.attempt, plan,
                        new TargetLocation(job.storageRoot, job.folder), true));
    }

    /**
     * Tells the workers to stop attempts up to {@code job.attempt}; {@code keepOutputs} leaves the checkpoints in
     * place for a later attempt to resume from.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancel(Job job, String reason, boolean keepOutputs) {
        outbox.publish(Topics.CONVERSION_REQUESTS, EventTypes.CONVERSION_CANCEL_REQUESTED, job.id.toString(),
                new ConversionCancel(job.id.toString(), job.attempt, reason, keepOutputs));
    }
}
