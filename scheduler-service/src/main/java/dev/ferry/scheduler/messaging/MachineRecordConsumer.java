package dev.ferry.scheduler.messaging;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.ferry.events.EventTypes;
import dev.ferry.messaging.Inbox;
import dev.ferry.scheduler.service.MachineCatalog;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

/** Keeps the machine catalog current from the inventory's machine topic; a tombstone removes a machine. */
@ApplicationScoped
public class MachineRecordConsumer {

    /** The consumer's name in the inbox, which remembers the events it handled. */
    static final String CONSUMER = "scheduler-machines";

    @Inject
    Inbox inbox;

    @Inject
    MachineCatalog catalog;

    @Incoming(Channels.MACHINES)
    @Blocking
    @Transactional
    public void onMachine(Record<String, String> record) {
        if (record.value() == null) {
            catalog.remove(UUID.fromString(record.key()));
            return;
        }
        inbox.receive(CONSUMER, record.value(), EventTypes.MACHINE_UPSERTED, catalog::upsert);
    }
}
