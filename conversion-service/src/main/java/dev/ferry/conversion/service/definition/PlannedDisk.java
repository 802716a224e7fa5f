package dev.ferry.conversion.service.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.events.conversion.DiskResult;
import dev.ferry.events.plan.ConversionPlan;
import dev.ferry.events.plan.DiskPlan;
import dev.ferry.events.plan.DiskSlot;

/**
 * A planned disk together with what its conversion produced, in plan order (boot disk first): what every definition
 * writer works from.
 *
 * @param plan where the disk goes and how
 * @param result the verified image
 */
public record PlannedDisk(DiskPlan plan, DiskResult result) {

    /** The disk's planned bus; refused when the plan names none the platforms know. */
    public DiskSlot.Bus bus() throws RequestRefusedException {
        DiskSlot slot = plan.slot();
        if (slot == null || slot.bus() == null || slot.bus() == DiskSlot.Bus.UNKNOWN) {
            throw new RequestRefusedException("disk " + plan.diskKey() + " has no known controller slot in its plan");
        }
        return slot.bus();
    }

    /** Pairs each planned disk with its result. */
    public static List<PlannedDisk> of(ConversionPlan plan, List<DiskResult> results) {
        Map<String, DiskResult> byKey = results.stream()
                .collect(Collectors.toMap(DiskResult::diskKey, Function.identity(), (first, second) -> first));
        List<PlannedDisk> disks = new ArrayList<>();
        for (DiskPlan disk : plan.disks()) {
            DiskResult result = byKey.get(disk.diskKey());
            if (result == null) {
                throw new IllegalStateException("disk " + disk.diskKey() + " has no conversion result");
            }
            disks.add(new PlannedDisk(disk, result));
        }
        return disks;
    }
}
