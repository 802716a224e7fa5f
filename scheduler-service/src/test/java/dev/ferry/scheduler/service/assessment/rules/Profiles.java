package dev.ferry.scheduler.service.assessment.rules;

import java.util.Map;

import dev.ferry.events.machine.MachineRecord;
import dev.ferry.scheduler.service.profile.BuiltInProfiles;
import dev.ferry.scheduler.service.profile.TargetProfile;

/** The built-in profiles for rule tests, and a way to run one rule on its own. */
final class Profiles {

    static final Map<String, TargetProfile> BUILT_IN = BuiltInProfiles.load();
    static final TargetProfile HYPERV_2008R2 = BUILT_IN.get("hyperv-2008r2");
    static final TargetProfile HYPERV_2019_GEN1 = BUILT_IN.get("hyperv-2019-gen1");
    static final TargetProfile HYPERV_2019_GEN2 = BUILT_IN.get("hyperv-2019-gen2");
    static final TargetProfile KVM = BUILT_IN.get("kvm");
    static final TargetProfile KUBEVIRT = BUILT_IN.get("kubevirt");

    private Profiles() {
    }

    /** Runs {@code rule} alone on a fresh plan of {@code machine}. */
    static RuleContext run(Rule rule, MachineRecord machine, TargetProfile profile) {
        return RuleContext.of(machine, profile).run(rule);
    }
}
