package dev.ferry.scheduler.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.model.MachineSnapshot;
import dev.ferry.scheduler.service.assessment.MachineSelection;

/** The machines the scheduler knows of, as the inventory last described them. */
@ApplicationScoped
public class MachineCatalog {

    /** Stores the newest record of a machine. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void upsert(MachineRecord machine) {
        UUID id = UUID.fromString(machine.id());
        MachineSnapshot snapshot = MachineSnapshot.findById(id);
        if (snapshot == null) {
            snapshot = new MachineSnapshot();
            snapshot.id = id;
            snapshot.apply(machine);
            snapshot.persist();
        } else {
            snapshot.apply(machine);
        }
    }

    /** Forgets a machine the inventory no longer has. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(UUID id) {
        MachineSnapshot.deleteById(id);
    }

    public MachineRecord get(UUID id) {
        MachineSnapshot snapshot = MachineSnapshot.findById(id);
        if (snapshot == null) {
            throw ProblemException.notFound("machine", id);
        }
        return snapshot.toRecord();
    }

    /**
     * The machines {@code selection} names, sorted by name: by id (unknown ids are left out), or every machine that
     * matches all of its filters.
     */
    public List<MachineRecord> select(MachineSelection selection) {
        if (selection.byIds()) {
            return sortedByName(MachineSnapshot.list("id in ?1", selection.machineIds()));
        }
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (selection.sourceId() != null) {
            conditions.add("sourceId = :source");
            parameters.put("source", selection.sourceId());
        }
        if (selection.nameContains() != null) {
            conditions.add("lower(name) like :name");
            parameters.put("name", "%" + selection.nameContains().toLowerCase(Locale.ROOT) + "%");
        }
        if (selection.osFamily() != null) {
            conditions.add("osFamily = :os");
            parameters.put("os", selection.osFamily());
        }
        if (selection.powerState() != null) {
            conditions.add("powerState = :power");
            parameters.put("power", selection.powerState());
        }
        if (selection.firmware() != null) {
            conditions.add("firmware = :firmware");
            parameters.put("firmware", selection.firmware());
        }
        return sortedByName(conditions.isEmpty() ? MachineSnapshot.listAll()
                : MachineSnapshot.list(String.join(" and ", conditions), parameters));
    }

    private static List<MachineRecord> sortedByName(List<MachineSnapshot> snapshots) {
        return snapshots.stream()
                .sorted(Comparator.comparing((MachineSnapshot snapshot) -> snapshot.name)
                        .thenComparing(snapshot -> snapshot.id))
                .map(MachineSnapshot::toRecord).toList();
    }

    /** The records of {@code ids}, in no particular order; unknown ids are left out. */
    public List<MachineRecord> find(List<UUID> ids) {
        return MachineSnapshot.<MachineSnapshot> list("id in ?1", ids).stream().map(MachineSnapshot::toRecord)
                .toList();
    }
}
