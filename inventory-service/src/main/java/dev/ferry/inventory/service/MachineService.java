package dev.ferry.inventory.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import dev.ferry.inventory.service.discovery.DiscoveredMachine;
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
        MachineRecord stored = withIdentity(machine, UUID.randomUUID(), now, now, null);
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

    /** Machines matching {@code filter}, in {@code sort} order. */
    public Page<MachineRecord> list(MachineFilter filter, Sort sort, int page, int size) {
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
        var found = conditions.isEmpty() ? Machine.<Machine> findAll(sort)
                : Machine.<Machine> find(query, sort, parameters);
        List<MachineRecord> items = found.page(page, size).list().stream().map(Machine::toRecord).toList();
        return new Page<>(items, page, size, found.count());
    }

    /**
     * Stores what a discovery found of some of a source's machines: new ones get an id, known ones (matched by
     * external key) are updated in place, machines that were gone are back. Publishes new and changed machines only.
     */
    @Transactional
    public StoreOutcome storeDiscovered(UUID sourceId, List<DiscoveredMachine> found, Instant now) {
        List<String> keys = found.stream().map(DiscoveredMachine::externalKey).toList();
        Map<String, Machine> known = new HashMap<>();
        for (Machine machine : Machine.<Machine> list("sourceId = ?1 and externalKey in ?2", sourceId, keys)) {
            known.put(machine.externalKey, machine);
        }
        int created = 0;
        int changed = 0;
        for (DiscoveredMachine discovered : found) {
            Machine machine = known.get(discovered.externalKey());
            if (machine == null) {
                machine = new Machine();
                machine.id = UUID.randomUUID();
                machine.sourceId = sourceId;
                machine.externalKey = discovered.externalKey();
                MachineRecord stored = withIdentity(discovered.record(), machine.id, now, now, null);
                machine.apply(stored);
                machine.persist();
                publish(stored);
                created++;
                continue;
            }
            MachineRecord before = machine.toRecord();
            MachineRecord after = withIdentity(discovered.record(), machine.id, before.firstSeen(), now, null);
            boolean wasGone = machine.gone;
            boolean differs = !sameFacts(before, after);
            machine.apply(after);
            if (wasGone) {
                publish(after);
                created++;
            } else if (differs) {
                publish(after);
                changed++;
            }
        }
        return new StoreOutcome(created, changed);
    }

    /** Marks the source's present machines whose keys are not in {@code present} as gone; returns how many. */
    @Transactional
    public int markGone(UUID sourceId, Set<String> present, Instant now) {
        int gone = 0;
        for (Machine machine : Machine.<Machine> list("sourceId = ?1 and gone = false", sourceId)) {
            if (!present.contains(machine.externalKey)) {
                MachineRecord before = machine.toRecord();
                machine.apply(withIdentity(before, machine.id, before.firstSeen(), before.lastSeen(), now));
                outbox.publishTombstone(Topics.MACHINES, machine.id.toString());
                gone++;
            }
        }
        return gone;
    }

    /** Removes every machine of a source that is being deleted; consumers get a tombstone for each present one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void removeAllOf(UUID sourceId) {
        for (Machine machine : Machine.<Machine> list("sourceId = ?1", sourceId)) {
            if (!machine.gone) {
                outbox.publishTombstone(Topics.MACHINES, machine.id.toString());
            }
            machine.delete();
        }
    }

    /**
     * How many machines a store call added (or brought back) and changed.
     *
     * @param created new machines, and gone machines that are back
     */
    public record StoreOutcome(int created, int changed) {
    }

    private void publish(MachineRecord machine) {
        outbox.publish(Topics.MACHINES, EventTypes.MACHINE_UPSERTED, machine.id(), machine);
    }

    /** Whether two records of one machine say the same, apart from when it was seen. */
    private static boolean sameFacts(MachineRecord a, MachineRecord b) {
        return withIdentity(a, UUID.fromString(a.id()), null, null, null)
                .equals(withIdentity(b, UUID.fromString(b.id()), null, null, null));
    }

    private static MachineRecord withIdentity(MachineRecord m, UUID id, Instant firstSeen, Instant lastSeen,
            Instant goneSince) {
        return new MachineRecord(id.toString(), m.sourceId(), m.sourceKind(), m.externalIds(), m.name(),
                m.powerState(), m.guestOs(), m.firmware(), m.cpu(), m.memoryBytes(), m.disks(), m.nics(),
                m.snapshots(), m.changedBlockTracking(), m.placement(), m.tools(), m.ipAddresses(), m.hostName(),
                m.devices(), firstSeen, lastSeen, goneSince);
    }
}
