package dev.ferry.disk.source;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP {@code Content-Range} header: {@code bytes first-last/total} (total may be {@code *}) or, for an
 * unsatisfiable range, {@code bytes *}{@code /total}. {@code total} is -1 when the server does not say.
 */
record ContentRange(long first, long last, long total) {

    private static final Pattern SATISFIED = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");
    private static final Pattern UNSATISFIED = Pattern.compile("bytes \\*/(\\d{1,18})");

    /** A parsed header, or empty when it is malformed or inconsistent (last before first, past the total). */
    static Optional<ContentRange> parse(String header) {
        String value = header.trim();
        Matcher satisfied = SATISFIED.matcher(value);
        if (satisfied.matches()) {
            long first = Long.parseLong(satisfied.group(1));
            long last = Long.parseLong(satisfied.group(2));
            long total = satisfied.group(3).equals("*") ? -1 : Long.parseLong(satisfied.group(3));
            if (last < first || (total >= 0 && last >= total)) {
                return Optional.empty();
            }
            return Optional.of(new ContentRange(first, last, total));
        }
        Matcher unsatisfied = UNSATISFIED.matcher(value);
        if (unsatisfied.matches()) {
            return Optional.of(new ContentRange(-1, -1, Long.parseLong(unsatisfied.group(1))));
        }
        return Optional.empty();
    }

    long length() {
        return last - first + 1;
    }
}
