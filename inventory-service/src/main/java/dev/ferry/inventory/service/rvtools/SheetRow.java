package dev.ferry.inventory.service.rvtools;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One row of an RVTools sheet, by column header. Headers are matched tolerantly: case, spaces and punctuation do not
 * matter, and callers name alternatives for columns that changed between RVTools versions ("Capacity MiB" in newer
 * exports, "Capacity MB" in older ones).
 */
final class SheetRow {

    private final String sheet;
    private final int number;
    private final Map<String, String> values;

    /**
     * @param values cell texts by normalized header (see {@link #normalize})
     */
    SheetRow(String sheet, int number, Map<String, String> values) {
        this.sheet = sheet;
        this.number = number;
        this.values = values;
    }

    /** Normalized forms of the few dozen header names callers ask for, so each row lookup is a map hit. */
    private static final Map<String, String> NORMALIZED = new ConcurrentHashMap<>();

    /** The header form used for matching: lower case letters, digits and # only. */
    static String normalize(String header) {
        return header == null ? "" : header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9#]", "");
    }

    /** "vDisk row 12", for messages. */
    String where() {
        return sheet + " row " + number;
    }

    /** The first of the named columns that has a non-empty value, or null. */
    String text(String... headers) {
        for (String header : headers) {
            String value = values.get(NORMALIZED.computeIfAbsent(header, SheetRow::normalize));
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /**
     * The first of the named columns as a whole number; null when absent.
     *
     * @throws IllegalArgumentException when the cell holds something else
     */
    Long number(String... headers) {
        String text = text(headers);
        if (text == null) {
            return null;
        }
        String digits = text.replace(",", "").replace(" ", "").replace("\u00a0", "");
        try {
            return digits.contains(".") ? Math.round(Double.parseDouble(digits)) : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where() + ": '" + text + "' in column " + headers[0]
                    + " is not a number");
        }
    }

    int integer(int otherwise, String... headers) {
        Long value = number(headers);
        return value == null ? otherwise : value.intValue();
    }

    /** "True"/"False" (any case, also yes/no and 1/0); null when absent. */
    Boolean flag(String... headers) {
        String text = text(headers);
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("yes") || lower.equals("1");
    }
}
