package dev.ferry.cli.output;

import java.util.Locale;

/** Byte counts, rates and durations as people read them: "1.5 GiB", "35.2 MiB/s", "1h 02m". */
public final class HumanUnits {

    private static final String[] BINARY = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };

    private HumanUnits() {
    }

    /** Bytes in the largest binary unit that keeps the number at 1 or more, one decimal from KiB on. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
    }

    public static String rate(long bytesPerSecond) {
        return bytes(bytesPerSecond) + "/s";
    }

    /** Seconds as "45s", "3m 07s" or "2h 05m"; null as "-". */
    public static String duration(Long seconds) {
        if (seconds == null || seconds < 0) {
            return "-";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** An ISO-8601 instant to the second ("2026-11-24T09:29:52Z"); null as null. */
    public static String time(String instant) {
        return instant == null ? null : instant.replaceFirst("\\.\\d+Z$", "Z");
    }

    /** {@code done} of {@code total} as a whole percentage, 0 when the total is unknown. */
    public static int percent(long done, long total) {
        return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
    }
}
