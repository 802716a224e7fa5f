package dev.ferry.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends committed outbox rows to Kafka in the order they were written, then deletes exactly the rows sent (a row whose
 * transaction commits after a later row's goes out with the next batch). Runs right after a transaction that
 * wrote to the outbox commits, and on a timer for rows nobody announced (left by a crash, or written by another
 * replica). Only one replica relays at a time (a PostgreSQL advisory lock), which keeps each key's events in order.
 * A crash between sending and deleting sends those rows again: delivery is at least once, and consumers drop
 * duplicates by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The channel the relay sends through; its connector settings live in the library's config defaults. */
    public static final String CHANNEL = "ferry-outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Arbitrary but fixed: identifies the relay's advisory lock among a service's other locks. */
    private static final long RELAY_LOCK = 0x6665727279L;

    @Inject
    MessagingConfig config;

    @Inject
    @Channel(CHANNEL)
    Emitter<Record<String, String>> emitter;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        if (wakeUpPending.compareAndSet(false, true)) {
            worker.execute(() -> {
                wakeUpPending.set(false);
                relayPending();
            });
        }
    }

    // The first poll waits one interval, so that it never races the messaging connectors' start-up.
    @Scheduled(every = "${ferry.messaging.outbox.poll-interval:2s}", delayed = "${ferry.messaging.outbox.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        onWritten(new OutboxWritten());
    }

    /** Relays batches until the outbox is empty or sending fails; returns how many events were sent. */
    public int relayPending() {
        int total = 0;
        try {
            int sent;
            do {
                sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
                total += sent;
            } while (sent == config.outbox().batchSize());
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay paused, will retry: %s", e.getMessage());
        }
        return total;
    }

    private int relayBatch() throws InterruptedException {
        boolean locked = (Boolean) OutboxEvent.getEntityManager()
                .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")")
                .getSingleResult();
        if (!locked) {
            return 0;
        }
        List<OutboxEvent> batch = OutboxEvent.find("order by sequence").page(0, config.outbox().batchSize()).list();
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acknowledgements = new ArrayList<>(batch.size());
        for (OutboxEvent event : batch) {
            acknowledgements.add(send(event));
        }
        try {
            CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
                    .get(config.outbox().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + batch.size() + " outbox events: "
                    + e.getMessage(), e);
        }
        // Exactly the rows sent: a row with a lower sequence whose transaction committed after the batch was read is
        // visible to this statement, was not sent, and must stay for the next batch.
        OutboxEvent.delete("sequence in ?1", batch.stream().map(event -> event.sequence).toList());
        return batch.size();
    }

    private CompletableFuture<Void> send(OutboxEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<Record<String, String>> message = Message.of(Record.of(event.messageKey, event.payload))
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder().withTopic(event.topic).build())
                .withAck(() -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acknowledged;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
