package dev.ferry.inventory.service.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.inventory.config.InventoryConfig;

/** Reads passwords from secret files mounted under the secrets folder (how Kubernetes secrets reach a pod). */
@ApplicationScoped
public class SecretFiles {

    private static final long MAX_BYTES = 64 * 1024;

    @Inject
    InventoryConfig config;

    /** Checks that {@code name} stays under the secrets folder; throws IllegalArgumentException if not. */
    public Path locate(String name) {
        return ConfinedPaths.resolve(config.secretsRoot(), name);
    }

    /**
     * The secret's content without a trailing line break.
     *
     * @throws IOException with a message fit for people when the file is missing or unreadable
     */
    public String read(String name) throws IOException {
        Path file = locate(name);
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("secret file '" + name + "' is larger than " + MAX_BYTES + " bytes");
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (NoSuchFileException e) {
            throw new IOException("secret file '" + name + "' does not exist under " + config.secretsRoot());
        }
    }
}
