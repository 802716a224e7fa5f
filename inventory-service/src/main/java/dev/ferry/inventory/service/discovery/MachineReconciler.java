package dev.ferry.inventory.service.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.inventory.service.MachineService;

/**
 * Brings a source's stored machines in line with what a discovery found: matched by external key, updated in place,
 * new ones added, missing ones marked gone. Works in chunks, each its own transaction, so a large source never holds
 * one huge transaction; machines are only marked gone after every found machine is stored.
 */
@ApplicationScoped
public class MachineReconciler {

    static final int CHUNK = 500;

    @Inject
    MachineService machines;

    public DiscoveryRuns.Counts reconcile(UUID sourceId, List<DiscoveredMachine> found, ItemErrors errors,
            Instant now) {
        Map<String, DiscoveredMachine> unique = new LinkedHashMap<>();
        for (DiscoveredMachine machine : found) {
            DiscoveredMachine first = unique.putIfAbsent(machine.externalKey(), machine);
            if (first != null) {
                errors.add(machine.record().name(), "has the same identity (" + machine.externalKey() + ") as '"
                        + first.record().name() + "'; only the first is kept");
            }
        }
        List<DiscoveredMachine> all = new ArrayList<>(unique.values());
        int created = 0;
        int changed = 0;
        for (int start = 0; start < all.size(); start += CHUNK) {
            MachineService.StoreOutcome outcome = machines.storeDiscovered(sourceId,
                    all.subList(start, Math.min(all.size(), start + CHUNK)), now);
            created += outcome.created();
            changed += outcome.changed();
        }
        int gone = machines.markGone(sourceId, unique.keySet(), now);
        return new DiscoveryRuns.Counts(all.size(), created, changed, gone);
    }
}
