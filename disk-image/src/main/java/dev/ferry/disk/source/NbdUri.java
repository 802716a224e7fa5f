package dev.ferry.disk.source;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An NBD export named by a URI as the NBD URI specification (NetworkBlockDevice/nbd doc/uri.md) defines it:
 * {@code nbd://host[:port]/export} over TCP (port 10809 by default) or {@code nbd+unix:///export?socket=/path} over a
 * Unix domain socket; {@code nbds} and {@code nbds+unix} ask for TLS. The export name is the path without its
 * leading slash, percent-decoded.
 */
record NbdUri(String host, int port, Path socket, String exportName, boolean tls) {

    static final int DEFAULT_PORT = 10809;

    static boolean isNbdScheme(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "nbd", "nbds", "nbd+unix", "nbds+unix" -> true;
            default -> false;
        };
    }

    static NbdUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            // Neither the message nor the cause repeats the input, which may carry user info.
            throw new IllegalArgumentException("malformed NBD URI: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!isNbdScheme(scheme)) {
            throw new IllegalArgumentException("not an NBD URI (nbd://, nbds://, nbd+unix://, nbds+unix://): "
                    + HttpLocation.describe(uri));
        }
        boolean tls = scheme.startsWith("nbds");
        boolean unix = scheme.endsWith("+unix");
        Map<String, String> query = parseQuery(uri.getRawQuery());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String exportName = path.isEmpty() ? "" : decode(path.substring(1));
        if (exportName.indexOf('\0') >= 0 || exportName.getBytes(StandardCharsets.UTF_8).length > NbdProtocol.MAX_STRING) {
            throw new IllegalArgumentException("NBD export name contains NUL or is longer than 4096 bytes");
        }
        String socket = query.remove("socket");
        for (String key : query.keySet()) {
            if (!key.startsWith("x-")) {
                throw new IllegalArgumentException("unsupported NBD URI parameter '" + key + "' in "
                        + HttpLocation.describe(uri) + (key.startsWith("tls-") ? " (TLS is not supported yet)" : ""));
            }
        }
        if (unix) {
            if (socket == null || socket.isEmpty()) {
                throw new IllegalArgumentException(scheme + " URI needs ?socket=/path/to/socket: "
                        + HttpLocation.describe(uri));
            }
            if (socket.charAt(0) == '\0') {
                throw new IllegalArgumentException("abstract Unix sockets are not supported: "
                        + HttpLocation.describe(uri));
            }
            return new NbdUri(null, -1, Path.of(socket), exportName, tls);
        }
        if (socket != null) {
            throw new IllegalArgumentException("socket= is only for nbd+unix URIs: " + HttpLocation.describe(uri));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("NBD URI has no host: " + HttpLocation.describe(uri));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new NbdUri(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), null, exportName, tls);
    }

    SocketAddress address() {
        return socket != null ? UnixDomainSocketAddress.of(socket) : new InetSocketAddress(host, port);
    }

    /** The URI without user info, for messages. */
    String describe() {
        String export = "/" + exportName;
        if (socket != null) {
            return (tls ? "nbds+unix://" : "nbd+unix://") + export + "?socket=" + socket;
        }
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "nbds://" : "nbd://") + hostPart + ":" + port + export;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.put(key, value) != null) {
                throw new IllegalArgumentException("NBD URI parameter '" + key + "' given twice");
            }
        }
        return parameters;
    }

    private static String decode(String raw) {
        // URLDecoder would turn '+' into a space; in a URI path and query '+' is itself.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
