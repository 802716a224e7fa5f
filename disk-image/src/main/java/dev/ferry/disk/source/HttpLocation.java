package dev.ferry.disk.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where an HTTP(S) image lives: the URL to request (without user info), credentials taken from the URL's user info,
 * a description safe for messages, and how files next to it are named (VMDK extents on a datastore).
 */
final class HttpLocation {

    private final URI requestUri;
    private final String userInfo;

    private HttpLocation(URI requestUri, String userInfo) {
        this.requestUri = requestUri;
        this.userInfo = userInfo;
    }

    static HttpLocation parse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) URL: " + describe(uri));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host: " + describe(uri));
        }
        String authority = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        try {
            // Raw parts keep the caller's percent-encoding exactly; the fragment is never sent.
            return new HttpLocation(new URI(scheme + "://" + authority + path + query), uri.getRawUserInfo());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed URL " + describe(uri) + ": " + e.getReason());
        }
    }

    /** The URL to send requests to: never carries user info. */
    URI requestUri() {
        return requestUri;
    }

    /** {@code user:password} from the URL, decoded, for Basic authentication. */
    Optional<String> credentials() {
        return Optional.ofNullable(userInfo).map(info -> URLDecoder.decode(info.replace("+", "%2B"),
                StandardCharsets.UTF_8));
    }

    /** The URL for messages: no user info, and query values elided since they may be signatures or tokens. */
    String describe() {
        return describe(requestUri);
    }

    /**
     * The location of {@code relativeName} in the same folder (or a sub-folder), keeping the query, which on a
     * vSphere datastore names the datacenter and datastore.
     *
     * @throws SecurityException when the name would leave the folder
     */
    HttpLocation sibling(String relativeName) {
        if (relativeName.isEmpty() || relativeName.startsWith("/") || relativeName.indexOf('\\') >= 0
                || relativeName.chars().anyMatch(c -> c < 32 || c == 127)) {
            throw new SecurityException("refusing file name '" + printable(relativeName) + "' referenced by "
                    + describe() + ": it is empty, absolute or contains control characters or backslashes");
        }
        String[] segments = relativeName.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new SecurityException("file '" + printable(relativeName) + "' referenced by " + describe()
                        + " lies outside its folder");
            }
        }
        String path = requestUri.getRawPath();
        String folder = path.substring(0, path.lastIndexOf('/') + 1);
        String encoded = Arrays.stream(segments).map(HttpLocation::encodeSegment).collect(Collectors.joining("/"));
        String query = requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery();
        String base = requestUri.getScheme() + "://" + requestUri.getRawAuthority();
        return new HttpLocation(URI.create(base + folder + encoded + query), userInfo);
    }

    static String describe(URI uri) {
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            text.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            text.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            text.append('?').append(Arrays.stream(uri.getRawQuery().split("&"))
                    .map(pair -> pair.contains("=") ? pair.substring(0, pair.indexOf('=')) + "=..." : pair)
                    .collect(Collectors.joining("&")));
        }
        return text.toString();
    }

    private static String encodeSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
            if (unreserved) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
