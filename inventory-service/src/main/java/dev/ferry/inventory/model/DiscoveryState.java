package dev.ferry.inventory.model;

/** Where a discovery run is. A run goes through these states once, in this order, and never back. */
public enum DiscoveryState {
    /** Accepted and waiting for a worker; next RUNNING, or FAILED when its replica stops first. */
    PENDING,
    /** A worker is reading the source; next SUCCEEDED or FAILED. */
    RUNNING,
    /** The source was read and the inventory updated (some items may have failed; see the run's errors). Final. */
    SUCCEEDED,
    /** The source could not be read, or the run was interrupted; stored machines are as they were. Final. */
    FAILED;

    public boolean active() {
        return this == PENDING || this == RUNNING;
    }
}
