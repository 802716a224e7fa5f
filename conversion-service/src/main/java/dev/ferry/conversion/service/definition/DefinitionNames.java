package dev.ferry.conversion.service.definition;

import java.util.Locale;

import dev.ferry.events.plan.ConversionPlan;

/** Names derived from the machine for definition files and platform objects, safe wherever they are used. */
final class DefinitionNames {

    private static final int MAX_KUBERNETES_NAME = 63;

    private DefinitionNames() {
    }

    /** A file name stem: the machine's name with anything but letters, digits, dot, dash and underscore replaced. */
    static String fileStem(ConversionPlan plan) {
        String name = plan.machineName() == null ? "" : plan.machineName().replaceAll("[^A-Za-z0-9._-]", "_");
        name = name.replaceAll("^[._]+", "");
        return name.isEmpty() ? "machine-" + plan.machineId() : name;
    }

    /** A Kubernetes object name (RFC 1123 label): lower case letters, digits and dashes, at most 63 characters. */
    static String kubernetesName(String name) {
        String label = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-+", "");
        if (label.length() > MAX_KUBERNETES_NAME) {
            label = label.substring(0, MAX_KUBERNETES_NAME);
        }
        label = label.replaceAll("-+$", "");
        return label.isEmpty() ? "vm" : label;
    }

    /** A MAC address as twelve upper case hex digits, or null when {@code mac} is not one. */
    static String macDigits(String mac) {
        if (mac == null) {
            return null;
        }
        String digits = mac.replaceAll("[:.-]", "").toUpperCase(Locale.ROOT);
        return digits.matches("[0-9A-F]{12}") ? digits : null;
    }

    /** A MAC address as six colon-separated lower case pairs, or null when {@code mac} is not one. */
    static String macColons(String mac) {
        String digits = macDigits(mac);
        return digits == null ? null
                : digits.toLowerCase(Locale.ROOT).replaceAll("(..)(?!$)", "$1:");
    }
}
