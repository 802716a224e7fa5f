package dev.ferry.scheduler.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.ferry.events.EventCodec;
import dev.ferry.events.MalformedEventException;
import dev.ferry.scheduler.service.wave.LiveWaveEvents;

/**
 * Reads the wave events topic in a consumer group of this replica's own (every replica sees every event, from the
 * newest on) and hands each event to this replica's live-status clients. Whichever replica made a change, the clients
 * of all replicas hear of it.
 */
@ApplicationScoped
public class WaveEventConsumer {

    private static final Logger LOG = Logger.getLogger(WaveEventConsumer.class);

    @Inject
    LiveWaveEvents live;

    @Incoming(Channels.WAVE_EVENTS)
    public void onEvent(String json) {
        if (json == null) {
            return;
        }
        try {
            live.deliver(EventCodec.decode(json));
        } catch (MalformedEventException e) {
            LOG.debugf("skipped an unreadable wave event: %s", e.getMessage());
        }
    }
}
