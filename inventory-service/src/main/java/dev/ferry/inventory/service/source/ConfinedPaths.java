package dev.ferry.inventory.service.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Resolves names that users give (a file under the storage root, a secret file) without letting them escape it. */
public final class ConfinedPaths {

    private ConfinedPaths() {
    }

    /**
     * The file {@code name} under {@code root}: a relative name, or an absolute path inside the root.
     *
     * @throws IllegalArgumentException when the name is empty, malformed, or leads outside the root (also through a
     *         symbolic link)
     */
    public static Path resolve(Path root, String name) {
        if (name == null || name.isBlank() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("is empty");
        }
        Path base = root.toAbsolutePath().normalize();
        Path resolved;
        try {
            resolved = base.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path");
        }
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new IllegalArgumentException("must name a file under " + base);
        }
        if (Files.exists(resolved)) {
            try {
                Path real = resolved.toRealPath();
                Path realBase = base.toRealPath();
                if (!real.startsWith(realBase)) {
                    throw new IllegalArgumentException("leads outside " + base + " through a symbolic link");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot be checked: " + e.getMessage());
            }
        }
        return resolved;
    }
}
