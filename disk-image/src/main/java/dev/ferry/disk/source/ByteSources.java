package dev.ferry.disk.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Opens a {@link ByteSource} from what a user typed: a local path, a {@code file:} URI, an {@code http(s)://} URL or
 * an NBD URI ({@code nbd://host[:port]/export}, {@code nbd+unix:///export?socket=/path}).
 */
public final class ByteSources {

    private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

    private ByteSources() {
    }

    /** Opens with {@link SourceOptions#defaults()}. */
    public static ByteSource open(String pathOrUri) throws IOException {
        return open(pathOrUri, SourceOptions.defaults());
    }

    /**
     * Opens a local file, an HTTP(S) URL or an NBD export; anything without a {@code scheme://} prefix is a path.
     *
     * @throws IllegalArgumentException for a malformed URI or an unsupported scheme
     */
    public static ByteSource open(String pathOrUri, SourceOptions options) throws IOException {
        if (!URI_WITH_SCHEME.matcher(pathOrUri).matches()) {
            return FileByteSource.open(Path.of(pathOrUri));
        }
        String scheme = pathOrUri.substring(0, pathOrUri.indexOf(':')).toLowerCase(Locale.ROOT);
        if (NbdUri.isNbdScheme(scheme)) {
            return NbdByteSource.open(pathOrUri, options);
        }
        URI uri;
        try {
            uri = URI.create(pathOrUri);
        } catch (IllegalArgumentException e) {
            // The JDK's message repeats the input, which may carry a password.
            throw new IllegalArgumentException("malformed URL with scheme " + scheme + "://");
        }
        return switch (scheme) {
            case "http", "https" -> HttpByteSource.open(uri, options);
            case "file" -> FileByteSource.open(Path.of(uri));
            default -> throw new IllegalArgumentException("unsupported source scheme '" + scheme
                    + "': use a path, file://, http://, https://, nbd:// or nbd+unix://");
        };
    }
}
