package dev.ferry.scheduler.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Makes sure only one scheduler replica does a periodic duty at a time: a PostgreSQL advisory lock held until the
 * transaction ends. A replica that does not get it skips its turn; the holder does the work for all.
 */
@ApplicationScoped
public class ReplicaLock {

    /** Admission and the wave clock. */
    public static final long ADMISSION = 0x66657272792d6131L;

    /** Publishing the progress of running waves. */
    public static final long PROGRESS = 0x66657272792d7031L;

    @Inject
    EntityManager entityManager;

    /** Takes the lock {@code key} for the rest of the transaction; false when another replica holds it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryHold(long key) {
        return (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult();
    }
}
