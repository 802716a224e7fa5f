package dev.ferry.scheduler.service.assessment.rules;

import java.util.Locale;

import dev.ferry.events.machine.Nic;
import dev.ferry.events.plan.NicPlan;

/** Names of adapter models as findings write them ("vmxnet3", "synthetic"). */
final class Kinds {

    private Kinds() {
    }

    static String name(NicPlan.Kind kind) {
        return kind == null ? "unknown" : kind.name().toLowerCase(Locale.ROOT);
    }

    static String name(Nic.AdapterType type) {
        return type == null ? "unknown" : type.name().toLowerCase(Locale.ROOT);
    }
}
