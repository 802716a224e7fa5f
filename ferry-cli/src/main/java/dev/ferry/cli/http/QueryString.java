package dev.ferry.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Builds a URL's query string from the parameters that are set; null values are left out. */
public final class QueryString {

    private final StringJoiner parts = new StringJoiner("&", "?", "").setEmptyValue("");

    public QueryString add(String name, Object value) {
        if (value != null && !(value instanceof Boolean flag && !flag)) {
            parts.add(encode(name) + "=" + encode(String.valueOf(value)));
        }
        return this;
    }

    /** {@code path} followed by the query, or {@code path} alone when no parameter is set. */
    public String appendTo(String path) {
        return path + parts;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
