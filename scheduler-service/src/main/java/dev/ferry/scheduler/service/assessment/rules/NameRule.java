package dev.ferry.scheduler.service.assessment.rules;

import java.util.Locale;

import dev.ferry.scheduler.service.assessment.Severity;
import dev.ferry.scheduler.service.profile.NamingRules;

/** A VM name the target refuses (too long, forbidden characters, not a DNS label) is changed into one it takes. */
final class NameRule extends AbstractRule {

    NameRule() {
        super("name.invalid", Severity.WARNING, "The VM name is not valid on the target (length, characters, "
                + "DNS label for KubeVirt); conversion gives the VM a name the target takes.");
    }

    @Override
    public void check(RuleContext context) {
        String name = context.plan().name() == null ? "" : context.plan().name();
        NamingRules rules = context.profile().naming();
        String problem = problem(name, rules);
        if (problem == null) {
            return;
        }
        String fixed = fix(name, rules, context.machine().id());
        context.plan().name(fixed);
        context.remediate(Severity.WARNING, "The name '" + name + "' " + problem + ".",
                "VM named '" + fixed + "' instead of '" + name + "'");
    }

    static String problem(String name, NamingRules rules) {
        if (name.isBlank()) {
            return "is empty";
        }
        if (!rules.maxLength().allows(name.length())) {
            return "has " + name.length() + " characters; the target takes at most " + rules.maxLength().describe();
        }
        if (rules.dnsLabel() && !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            return "is not a DNS label (lower-case letters, digits and '-', starting and ending with a letter or "
                    + "digit)";
        }
        String forbidden = rules.forbiddenCharacters() == null ? "" : rules.forbiddenCharacters();
        for (char character : name.toCharArray()) {
            if (forbidden.indexOf(character) >= 0 || Character.isISOControl(character)) {
                return "contains '" + character + "', which the target does not allow in names";
            }
        }
        return null;
    }

    static String fix(String name, NamingRules rules, String machineId) {
        String fixed = name.strip();
        if (rules.dnsLabel()) {
            fixed = fixed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
        }
        String forbidden = rules.forbiddenCharacters() == null ? "" : rules.forbiddenCharacters();
        StringBuilder out = new StringBuilder();
        for (char character : fixed.toCharArray()) {
            out.append(forbidden.indexOf(character) >= 0 || Character.isISOControl(character) ? '-' : character);
        }
        fixed = out.toString();
        int max = (int) Math.min(Integer.MAX_VALUE, rules.maxLength().value());
        if (fixed.length() > max) {
            fixed = fixed.substring(0, max);
        }
        if (rules.dnsLabel()) {
            fixed = fixed.replaceAll("^-+", "").replaceAll("-+$", "");
        }
        if (fixed.isBlank()) {
            String suffix = machineId == null ? "unnamed" : machineId.substring(0, Math.min(8, machineId.length()));
            fixed = ("vm-" + suffix).toLowerCase(Locale.ROOT);
        }
        return fixed;
    }
}
