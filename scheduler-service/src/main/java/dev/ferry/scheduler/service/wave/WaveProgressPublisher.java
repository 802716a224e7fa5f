package dev.ferry.scheduler.service.wave;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.ferry.scheduler.messaging.WaveEventPublisher;
import dev.ferry.scheduler.model.Wave;
import dev.ferry.scheduler.service.ReplicaLock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes the progress of every wave with jobs in flight, once per {@code ferry.scheduler.progress-interval}
 * whatever the number of worker events, so the wave events topic and its live-status clients get a steady, bounded
 * stream. One replica publishes per interval.
 */
@ApplicationScoped
public class WaveProgressPublisher {

    private static final Logger LOG = Logger.getLogger(WaveProgressPublisher.class);

    @Inject
    EntityManager entityManager;

    @Inject
    ReplicaLock lock;

    @Inject
    WaveFigures figures;

    @Inject
    WaveEventPublisher events;

    @Scheduled(every = "${ferry.scheduler.progress-interval}", delayed = "${ferry.scheduler.progress-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onTimer() {
        try {
            QuarkusTransaction.requiringNew().run(this::publish);
        } catch (RuntimeException e) {
            LOG.warnf("wave progress not published this time: %s", e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    void publish() {
        if (!lock.tryHold(ReplicaLock.PROGRESS)) {
            return;
        }
        List<Wave> active = entityManager.createNativeQuery("select * from {h-schema}wave w where exists (select 1 "
                + "from {h-schema}job j where j.wave_id = w.id and j.state in ('DISPATCHED', 'CONVERTING', "
                + "'VERIFYING', 'CANCELLING'))", Wave.class).getResultList();
        active.forEach(wave -> events.progress(figures.progress(wave)));
    }
}
