package dev.ferry.scheduler.service.assessment.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.service.assessment.Finding;
import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.GuestMatcher;
import dev.ferry.scheduler.service.profile.GuestSupport;
import dev.ferry.scheduler.service.profile.TargetProfile;

/** What a rule sees of one assessment: the machine, the profile, the plan so far, and where findings go. */
public final class RuleContext {

    private final MachineRecord machine;
    private final TargetProfile profile;
    private final Optional<GuestSupport> guest;
    private final PlanDraft plan;
    private final List<Finding> findings = new ArrayList<>();
    private Rule current;

    private RuleContext(MachineRecord machine, TargetProfile profile) {
        this.machine = machine;
        this.profile = profile;
        this.guest = GuestMatcher.match(profile, machine.guestOs());
        this.plan = PlanDraft.of(machine, profile);
    }

    /** A fresh context with the plan as the source machine is, before any rule ran. */
    public static RuleContext of(MachineRecord machine, TargetProfile profile) {
        return new RuleContext(machine, profile);
    }

    /** Runs {@code rule} on this context; its findings carry its id. */
    public RuleContext run(Rule rule) {
        current = rule;
        try {
            rule.check(this);
        } finally {
            current = null;
        }
        return this;
    }

    public MachineRecord machine() {
        return machine;
    }

    public TargetProfile profile() {
        return profile;
    }

    /** The profile's entry for the machine's guest system, or empty when the profile does not list it. */
    public Optional<GuestSupport> guest() {
        return guest;
    }

    /**
     * Whether the guest has the target's paravirtual drivers (Hyper-V integration services). A guest the profile does
     * not list is taken to lack them, so its plan uses emulated devices that any guest can drive.
     */
    public boolean hasIntegrationServices() {
        return guest.map(GuestSupport::hasIntegrationServices).orElse(false);
    }

    /** The plan as the rules so far left it; rules that remediate change it. */
    public PlanDraft plan() {
        return plan;
    }

    /** Reports a finding that conversion does nothing about. */
    public void report(Severity severity, String message) {
        remediate(severity, message, null);
    }

    /** Reports a finding together with the change the rule made to the plan. */
    public void remediate(Severity severity, String message, String remediation) {
        if (current == null) {
            throw new IllegalStateException("findings are reported by a running rule");
        }
        findings.add(new Finding(current.id(), severity, message, remediation));
    }

    /** Findings reported so far, in order. */
    public List<Finding> findings() {
        return List.copyOf(findings);
    }
}
