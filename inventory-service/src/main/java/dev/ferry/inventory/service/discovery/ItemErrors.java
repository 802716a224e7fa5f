package dev.ferry.inventory.service.discovery;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.inventory.model.DiscoveryItemError;

/** The items a run could not take in, while it read the rest. Keeps the first {@code limit}, counts them all. */
public final class ItemErrors {

    private final int limit;
    private final List<DiscoveryItemError> kept = new ArrayList<>();
    private int total;

    public ItemErrors(int limit) {
        this.limit = limit;
    }

    public synchronized void add(String item, String message) {
        total++;
        if (kept.size() < limit) {
            kept.add(new DiscoveryItemError(item, message));
        }
    }

    public synchronized int total() {
        return total;
    }

    /** The kept errors, followed by a note of how many more there were. */
    public synchronized List<DiscoveryItemError> list() {
        List<DiscoveryItemError> all = new ArrayList<>(kept);
        if (total > kept.size()) {
            all.add(new DiscoveryItemError("...", (total - kept.size()) + " more errors not listed"));
        }
        return all;
    }
}
