package dev.ferry.scheduler.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.model.MachineSnapshot;

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

    /** The records of {@code ids}, in no particular order; unknown ids are left out. */
    public List<MachineRecord> find(List<UUID> ids) {
        return MachineSnapshot.<MachineSnapshot> list("id in ?1", ids).stream().map(MachineSnapshot::toRecord)
                .toList();
    }
}
