package dev.ferry.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary folders for throw-away servers and test files, removed when the JVM exits: a test run writes gigabytes of
 * images and broker logs, which must not pile up in the temporary directory run after run.
 */
public final class ScratchFolders {

    private ScratchFolders() {
    }

    /** A new empty folder named after {@code prefix}, deleted with everything in it when the JVM exits. */
    public static Path create(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder), "ferry-scratch-cleanup"));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }

    /** Deletes {@code folder} and everything in it; a folder that is already gone is fine. */
    public static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** {@link #delete}, for shutdown: what cannot be removed then is left behind. */
    public static void deleteQuietly(Path folder) {
        try {
            delete(folder);
        } catch (IOException | UncheckedIOException e) {
            // The JVM is going away; a leftover folder is all that remains.
        }
    }
}
