package dev.ferry.disk.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;

/** Reads byte counts such as {@code 4M}, {@code 64KiB} or {@code 1g} from options, and prints them for people. */
final class ByteSize implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGTPE";

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /** Parses a count with an optional binary suffix (K, M, G, T; KiB, MB... all mean powers of 1024). */
    static long parse(String value) {
        Matcher matcher = SIZE.matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size (examples: 65536, 64K, 4M, 1G)");
        }
        String unit = matcher.group(2).toUpperCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : 10 * (UNITS.indexOf(unit) + 1);
        long number = Long.parseLong(matcher.group(1));
        if (Long.numberOfLeadingZeros(number) <= shift) {
            throw new IllegalArgumentException("size '" + value + "' is too large");
        }
        return number << shift;
    }

    /** A byte count for people: {@code 1.5 GiB}, {@code 512 B}. */
    static String format(double bytes) {
        if (bytes < 1024) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        int unit = -1;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %siB", value, UNITS.charAt(unit));
    }
}
