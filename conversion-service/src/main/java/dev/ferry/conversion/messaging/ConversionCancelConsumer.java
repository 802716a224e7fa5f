package dev.ferry.conversion.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.ferry.conversion.service.claim.JobCancellations;
import dev.ferry.conversion.service.job.RunningJob;
import dev.ferry.conversion.service.job.RunningJobs;
import dev.ferry.conversion.service.job.StopReason;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionCancel;
import io.smallrye.common.annotation.Blocking;

/**
 * Hears every cancel on the requests topic, in a consumer group of this worker's own: records it, stops the job when
 * this worker runs it (the job then removes its outputs, unless the cancel keeps them for a next attempt, and
 * publishes CANCELLED), and finishes it when no live worker runs it. Requests on the topic are skipped here.
 */
@ApplicationScoped
public class ConversionCancelConsumer {

    private static final Logger LOG = Logger.getLogger(ConversionCancelConsumer.class);

    @Inject
    JobCancellations cancellations;

    @Inject
    RunningJobs running;

    @Incoming(Channels.CANCELS)
    @Blocking
    public void onCancel(String json) {
        ConversionCancel cancel = cancel(json);
        if (cancel == null) {
            return;
        }
        cancellations.record(cancel);
        boolean local = false;
        StopReason reason = cancel.keepOutputs() ? StopReason.TAKEN_BACK : StopReason.CANCELLED;
        for (RunningJob job : running.attemptsUpTo(cancel.jobId(), cancel.attempt())) {
            LOG.infof("job %s attempt %d cancelled: stopping%s", job.jobId(), job.attempt(),
                    cancel.keepOutputs() ? ", keeping its outputs for the next attempt" : "");
            job.stop(reason);
            local = true;
        }
        if (!local && cancellations.finishUnattended(cancel)) {
            LOG.infof("job %s attempt %d cancelled while no worker ran it", cancel.jobId(), cancel.attempt());
        }
    }

    private static ConversionCancel cancel(String json) {
        ConversionCancel cancel = RequestTopicRecords.read(json, EventTypes.CONVERSION_CANCEL_REQUESTED);
        return cancel == null || cancel.jobId() == null ? null : cancel;
    }
}
