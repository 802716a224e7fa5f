package dev.ferry.scheduler.service.assessment.rules;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.events.plan.NicPlan;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.NetworkRules;

/**
 * Each source adapter (vmxnet3, e1000, e1000e...) becomes the target's paravirtual adapter (Hyper-V synthetic, virtio),
 * except an adapter the machine PXE-boots from on Generation 1 and every adapter of a guest without the target's
 * drivers, which become the emulated one (legacy).
 */
final class NicAdapterRule extends AbstractRule {

    NicAdapterRule() {
        super("nic.adapter-mapped", Severity.INFO, "Network adapters are mapped to the target's models: synthetic "
                + "(virtio), or legacy (emulated) for PXE boot on Generation 1 and for guests without integration "
                + "services.");
    }

    @Override
    public void check(RuleContext context) {
        NetworkRules network = context.profile().network();
        List<String> mapped = new ArrayList<>();
        for (PlanDraft.NicDraft nic : context.plan().nics()) {
            NicPlan.Kind kind;
            String why = "";
            if (!context.hasIntegrationServices() && network.fallbackAdapter() != null) {
                kind = network.fallbackAdapter();
                why = " (guest without the target's drivers)";
            } else if (nic.source().pxeBoot() && network.pxeAdapter() != null) {
                kind = network.pxeAdapter();
                why = kind == network.adapter() ? "" : " (PXE boot)";
            } else {
                kind = network.adapter();
            }
            nic.kind(kind);
            mapped.add("'" + nic.label() + "' " + Kinds.name(nic.source().adapterType()) + " → " + Kinds.name(kind)
                    + why);
        }
        if (!mapped.isEmpty()) {
            String mapping = String.join("; ", mapped);
            context.remediate(Severity.INFO, "Network adapters become " + context.profile().name() + " adapters: "
                    + mapping + ".", "network adapters mapped: " + mapping);
        }
    }
}
