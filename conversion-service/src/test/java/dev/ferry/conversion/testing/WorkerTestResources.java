package dev.ferry.conversion.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.ferry.conversion.service.source.SourceCredentials;
import dev.ferry.localstack.ScratchFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the conversion worker under test needs besides PostgreSQL and Kafka: a source root and a storage root in a
 * temporary folder, a fake inventory for source credentials, and short heartbeat, claim and checkpoint intervals.
 * Quarkus may load this class in more than one class loader, so the folder and the inventory's address are kept in
 * system properties, which every copy of the class reads.
 */
public class WorkerTestResources implements QuarkusTestResourceLifecycleManager {

    public static final String WORKER_ID = "test-worker";
    public static final String STORAGE_ROOT = "default";

    private static final String FOLDER = "ferry.test.conversion-folder";
    private static final String INVENTORY = "ferry.test.conversion-inventory";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("ferry.conversion.worker-id", WORKER_ID);
        config.put("ferry.conversion.source-roots", sourceRoot().toString());
        config.put("ferry.conversion.storage-roots." + STORAGE_ROOT, storageRoot().toString());
        config.put("ferry.conversion.inventory-url", inventoryUrl());
        config.put("ferry.conversion.inventory-token", FakeInventory.TOKEN);
        config.put("ferry.conversion.heartbeat-interval", "1s");
        config.put("ferry.conversion.claim-timeout", "5s");
        config.put("ferry.conversion.checkpoint-interval", "1s");
        config.put("ferry.conversion.threads-per-disk", "2");
        // Cancels published before the worker's own group joined would otherwise be missed by a test.
        config.put("mp.messaging.incoming.conversion-cancels.auto.offset.reset", "earliest");
        return config;
    }

    @Override
    public void stop() {
        // The folder and the inventory live as long as the JVM; Quarkus may start again with the same resources.
    }

    /** Where test source images are made: under the worker's source root. */
    public static Path sourceRoot() {
        return folder().resolve("sources");
    }

    /** The worker's storage root {@value #STORAGE_ROOT}. */
    public static Path storageRoot() {
        return folder().resolve("targets");
    }

    /** Makes the fake inventory answer {@code credentials} for {@code sourceId}. */
    public static void registerCredentials(String sourceId, SourceCredentials credentials) {
        try {
            FakeInventory.register(folder().resolve("inventory"), sourceId, credentials);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String inventoryUrl() {
        if (System.getProperty(INVENTORY) == null) {
            try {
                System.setProperty(INVENTORY, FakeInventory.start(folder().resolve("inventory")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return System.getProperty(INVENTORY);
    }

    private static synchronized Path folder() {
        if (System.getProperty(FOLDER) == null) {
            try {
                Path folder = ScratchFolders.create("ferry-conversion-test");
                for (String child : new String[] { "sources", "targets", "inventory" }) {
                    Files.createDirectories(folder.resolve(child));
                }
                System.setProperty(FOLDER, folder.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Path.of(System.getProperty(FOLDER));
    }
}
