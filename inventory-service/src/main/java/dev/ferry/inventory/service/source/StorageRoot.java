package dev.ferry.inventory.service.source;

import java.nio.file.Path;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.inventory.config.InventoryConfig;

/** The folder uploads are kept in and RVTools and OVF sources point into; nothing outside it is ever opened. */
@ApplicationScoped
public class StorageRoot {

    @Inject
    InventoryConfig config;

    public Path root() {
        return config.storageRoot().toAbsolutePath().normalize();
    }

    /**
     * A file under the root, by a relative name or an absolute path inside it.
     *
     * @throws IllegalArgumentException when the name leads outside the root
     */
    public Path resolve(String name) {
        return ConfinedPaths.resolve(root(), name);
    }

    /** How a file under the root is named in a source: relative to the root. */
    public String nameOf(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** Where uploads for a source are kept. */
    public Path uploadsOf(UUID sourceId) {
        return root().resolve("uploads").resolve(sourceId.toString());
    }
}
