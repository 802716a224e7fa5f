package dev.ferry.inventory.service.ovf;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads OVF allocation units ("byte * 2^20", "MegaBytes", "byte") as a number of bytes per unit. */
final class AllocationUnits {

    private static final Pattern POWER = Pattern.compile("byte\\s*\\*\\s*(\\d+)\\s*\\^\\s*(\\d+)");

    private AllocationUnits() {
    }

    /** Bytes per unit; plain bytes when {@code units} is absent. */
    static long bytes(String units) {
        if (units == null || units.isBlank()) {
            return 1;
        }
        String lower = units.toLowerCase(Locale.ROOT).strip();
        Matcher power = POWER.matcher(lower);
        if (power.find()) {
            long base = Long.parseLong(power.group(1));
            int exponent = Integer.parseInt(power.group(2));
            if (base != 2 && base != 10 || exponent > 62) {
                throw new IllegalArgumentException("unsupported allocation units '" + units + "'");
            }
            return base == 2 ? 1L << exponent : (long) Math.pow(10, exponent);
        }
        return switch (lower) {
            case "byte", "bytes" -> 1;
            case "kilobytes", "kb", "kib" -> 1L << 10;
            case "megabytes", "mb", "mib" -> 1L << 20;
            case "gigabytes", "gb", "gib" -> 1L << 30;
            case "terabytes", "tb", "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException("unsupported allocation units '" + units + "'");
        };
    }
}
