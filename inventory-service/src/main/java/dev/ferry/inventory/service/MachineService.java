package dev.ferry.inventory.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.ferry.api.paging.Page;
import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.EventTypes;
import dev.ferry.events.Topics;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.inventory.model.Machine;
import dev.ferry.messaging.Outbox;
import io.quarkus.panache.common.Sort;

/**
 * Keeps machine records and tells the rest of Ferry about every change: each write stores the machine and its event
 * in one transaction.
 */
@ApplicationScoped
public class MachineService {

    @Inject
    Outbox outbox;

    /** Stores a new machine with a fresh id and publishes it. */
    @Transactional
    public MachineRecord create(MachineRecord machine) {
        Instant now = Instant.now();
        MachineRecord stored = withIdentity(machine, UUID.randomUUID(), now, now);
        Machine entity = new Machine();
        entity.id = UUID.fromString(stored.id());
        entity.sourceId = machine.sourceId() == null ? null : UUID.fromString(machine.sourceId());
        entity.apply(stored);
        entity.persist();
        publish(stored);
        return stored;
    }

    public MachineRecord get(UUID id) {
        Machine machine = Machine.findById(id);
        if (machine == null) {
            throw ProblemException.notFound("machine", id);
        }
        return machine.toRecord();
    }

    /** Machines matching {@code filter}, sorted by name. */
    public Page<MachineRecord> list(MachineFilter filter, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (!filter.includeGone()) {
            conditions.add("gone = false");
        }
        if (filter.sourceId() != null) {
            conditions.add("sourceId = :source");
            parameters.put("source", filter.sourceId());
        }
        if (filter.nameContains() != null) {
            conditions.add("lower(name) like :name");
            parameters.put("name", "%" + filter.nameContains().toLowerCase(Locale.ROOT) + "%");
        }
        if (filter.osFamily() != null) {
            conditions.add("osFamily = :os");
            parameters.put("os", filter.osFamily());
        }
        if (filter.powerState() != null) {
            conditions.add("powerState = :power");
            parameters.put("power", filter.powerState());
        }
        if (filter.firmware() != null) {
            conditions.add("firmware = :firmware");
            parameters.put("firmware", filter.firmware());
        }
        String query = String.join(" and ", conditions);
        var found = conditions.isEmpty() ? Machine.<Machine> findAll(Sort.by("name").and("id"))
                : Machine.<Machine> find(query, Sort.by("name").and("id"), parameters);
        List<MachineRecord> items = found.page(page, size).list().stream().map(Machine::toRecord).toList();
        return new Page<>(items, page, size, found.count());
    }

    private void publish(MachineRecord machine) {
        outbox.publish(Topics.MACHINES, EventTypes.MACHINE_UPSERTED, machine.id(), machine);
    }

    private static MachineRecord withIdentity(MachineRecord m, UUID id, Instant firstSeen, Instant lastSeen) {
        return new MachineRecord(id.toString(), m.sourceId(), m.sourceKind(), m.externalIds(), m.name(),
                m.powerState(), m.guestOs(), m.firmware(), m.cpu(), m.memoryBytes(), m.disks(), m.nics(),
                m.snapshots(), m.changedBlockTracking(), m.placement(), m.tools(), m.ipAddresses(), m.hostName(),
                m.devices(), firstSeen, lastSeen);
    }
}
