package dev.ferry.conversion.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.ferry.conversion.service.job.ConversionJobRunner;
import dev.ferry.events.EventTypes;
import dev.ferry.events.conversion.ConversionRequest;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Takes conversion requests as one member of the workers' consumer group and runs each job on the job pool, up to
 * {@code ferry.conversion.concurrent-jobs} at once. A record is acknowledged when its job reaches a final state (jobs
 * run for hours, so commits are throttled with no age limit); on shutdown it is left unacknowledged, so another
 * worker gets it. Cancels travel on the same topic and are skipped here: every worker hears them through
 * {@link ConversionCancelConsumer}.
 */
@ApplicationScoped
public class ConversionRequestConsumer {

    private static final Logger LOG = Logger.getLogger(ConversionRequestConsumer.class);

    @Inject
    ConversionJobRunner runner;

    @Incoming(Channels.REQUESTS)
    @Blocking(value = Channels.JOB_POOL, ordered = false)
    public CompletionStage<Void> onRequest(Message<String> message) {
        ConversionRequest request = request(message.getPayload());
        if (request == null) {
            return message.ack();
        }
        return switch (runner.run(request)) {
            case ACKNOWLEDGE -> message.ack();
            case LEAVE_UNACKNOWLEDGED -> CompletableFuture.completedFuture(null);
        };
    }

    /** The request in the record, or null for a cancel, a tombstone or a record that is not a readable request. */
    private static ConversionRequest request(String json) {
        ConversionRequest request = RequestTopicRecords.read(json, EventTypes.CONVERSION_REQUESTED);
        if (request != null && (request.jobId() == null || request.plan() == null)) {
            LOG.warnf("skipped a conversion request without a job id or plan");
            return null;
        }
        return request;
    }
}
