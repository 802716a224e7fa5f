package dev.ferry.scheduler.service.admission;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.ferry.scheduler.service.SchedulingNeeded;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs admission rounds on a thread of their own: right after a transaction that freed a slot, queued a job or
 * changed a wave commits, and on a timer (windows, back-offs and other replicas' changes). Requests that arrive while
 * a round is due are folded into it.
 */
@ApplicationScoped
public class AdmissionTicker {

    private static final Logger LOG = Logger.getLogger(AdmissionTicker.class);

    @Inject
    Admission admission;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread named = new Thread(runnable, "admission");
        named.setDaemon(true);
        return named;
    });
    private final AtomicBoolean due = new AtomicBoolean();

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) SchedulingNeeded change) {
        request();
    }

    @Scheduled(every = "${ferry.scheduler.admission-interval}", delayed = "${ferry.scheduler.admission-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onTimer() {
        request();
    }

    /** Asks for a round soon; does nothing when one is due already. */
    public void request() {
        if (due.compareAndSet(false, true)) {
            thread.execute(this::round);
        }
    }

    private void round() {
        due.set(false);
        try {
            QuarkusTransaction.requiringNew().call(admission::round);
        } catch (RuntimeException e) {
            LOG.warnf("admission round failed, the next one retries: %s", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}
