package dev.ferry.disk.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.source.ByteSource;
import dev.ferry.disk.source.ByteSources;
import dev.ferry.disk.source.FileByteSource;

/**
 * Turns a source argument into bytes: a path, or a URL whose scheme says where the bytes live (http(s)://,
 * nbd://, nbd+unix://).
 */
final class Sources {

    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private Sources() {
    }

    /**
     * Opens {@code location}: a file path, a {@code file://} URL, an HTTP(S) URL or an NBD URI.
     *
     * @throws NoSuchFileException when there is no such file
     * @throws IllegalArgumentException when the kind of URL is not supported
     */
    static OpenedSource open(String location) throws IOException {
        if (!URL.matcher(location).matches()) {
            return openFile(Path.of(location));
        }
        URI uri = URI.create(location);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> openFile(Path.of(uri));
            case "http", "https", "nbd", "nbd+unix" -> openRemote(location);
            default -> throw new IllegalArgumentException("unknown kind of source '" + scheme + "://' (expected a "
                    + "file path, file://, http(s)://, nbd:// or nbd+unix://)");
        };
    }

    /** Opens {@code location} as an image whose format is detected from its content. */
    static DiskImage openImage(String location) throws IOException {
        // DiskImages.open owns the bytes from here: the image closes them, and so does a failure to open.
        return DiskImages.open(open(location).bytes());
    }

    /** An HTTP(S) URL or NBD export; its fingerprint is where it lives (without credentials) and its size. */
    private static OpenedSource openRemote(String location) throws IOException {
        ByteSource bytes = ByteSources.open(location);
        try {
            return new OpenedSource(bytes, bytes.describe() + ";size=" + bytes.size());
        } catch (IOException | RuntimeException e) {
            bytes.close();
            throw e;
        }
    }

    private static OpenedSource openFile(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(absolute + " is a directory, not an image");
        }
        FileByteSource bytes = FileByteSource.open(absolute);
        try {
            String fingerprint = "file:" + absolute + ";size=" + bytes.size() + ";modified="
                    + Files.getLastModifiedTime(absolute).toMillis();
            return new OpenedSource(bytes, fingerprint);
        } catch (IOException | RuntimeException e) {
            bytes.close();
            throw e;
        }
    }
}
