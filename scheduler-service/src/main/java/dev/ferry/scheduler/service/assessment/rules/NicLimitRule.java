package dev.ferry.scheduler.service.assessment.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.ferry.events.plan.NicPlan;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.Limit;
import dev.ferry.scheduler.service.profile.NetworkRules;

/**
 * More adapters of a kind than the target allows (Generation 1: 8 synthetic and 4 legacy): extra legacy adapters
 * become synthetic where the guest drives them and there is room; what is still beyond the limit is dropped,
 * disconnected adapters first.
 */
final class NicLimitRule extends AbstractRule {

    NicLimitRule() {
        super("nic.over-limit", Severity.WARNING, "More network adapters of a kind than the target allows "
                + "(Generation 1: 8 synthetic, 4 legacy); extras become synthetic where possible, the rest are dropped.");
    }

    @Override
    public void check(RuleContext context) {
        NetworkRules network = context.profile().network();
        PlanDraft plan = context.plan();
        for (NicPlan.Kind kind : NicPlan.Kind.values()) {
            List<PlanDraft.NicDraft> ofKind = plan.nicsOf(kind);
            long limit = limit(network, kind);
            if (ofKind.size() <= limit) {
                continue;
            }
            List<String> changes = new ArrayList<>();
            List<PlanDraft.NicDraft> excess = new ArrayList<>(ofKind.subList((int) limit, ofKind.size()));
            if (kind != network.adapter() && context.hasIntegrationServices()) {
                long room = limit(network, network.adapter()) - plan.nicsOf(network.adapter()).size();
                for (PlanDraft.NicDraft nic : List.copyOf(excess)) {
                    if (room-- <= 0 || nic.source().pxeBoot()) {
                        continue;
                    }
                    nic.kind(network.adapter());
                    excess.remove(nic);
                    changes.add("'" + nic.label() + "' made " + Kinds.name(network.adapter()));
                }
            }
            List<PlanDraft.NicDraft> kept = new ArrayList<>(plan.nicsOf(kind));
            // Drop disconnected adapters before connected ones, later ones before earlier ones.
            kept.sort(Comparator.comparing((PlanDraft.NicDraft nic) -> !nic.source().connected()));
            for (PlanDraft.NicDraft nic : kept.subList((int) Math.min(limit, kept.size()), kept.size())) {
                plan.nics().remove(nic);
                changes.add("'" + nic.label() + "' dropped");
            }
            context.remediate(Severity.WARNING, ofKind.size() + " network adapters would be " + Kinds.name(kind) + "; "
                    + context.profile().name() + " allows " + describe(network, kind) + ".",
                    String.join(", ",
                            changes));
        }
    }

    private static long limit(NetworkRules network, NicPlan.Kind kind) {
        Limit limit = network.limits().get(kind);
        return limit == null ? 0 : limit.value();
    }

    private static String describe(NetworkRules network, NicPlan.Kind kind) {
        Limit limit = network.limits().get(kind);
        return limit == null ? "none" : limit.describe();
    }
}
