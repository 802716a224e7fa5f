package dev.ferry.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.ferry.localstack.ScratchFolders;
import dev.ferry.localstack.testing.TestInfrastructure;

/**
 * The whole migration pipeline as packaged processes: the inventory, the scheduler and conversion workers, sharing
 * folders as their Kubernetes volumes would (the inventory's uploads are the workers' source root; the target storage
 * root "default" is mounted on every worker), under a fresh folder of {@code system-tests/target}.
 */
final class MigrationStack implements AutoCloseable {

    private final FerrySystem ferry;
    private final Path folder;
    private final FerryApi api;
    private final int inventory;

    private MigrationStack(FerrySystem ferry, Path folder, int inventory, int scheduler) {
        this.ferry = ferry;
        this.folder = folder;
        this.inventory = inventory;
        this.api = new FerryApi(ferry, inventory, scheduler);
    }

    /**
     * Starts the inventory and the scheduler, the scheduler with {@code schedulerEnvironment} added (a short lease, for
     * instance); workers are started with {@link #worker}.
     */
    static MigrationStack start(String name, Map<String, String> schedulerEnvironment) throws IOException {
        Path folder = Files.createDirectories(Path.of(System.getProperty("ferry.project.root", ".."),
                "system-tests", "target", name, UUID.randomUUID().toString()).toAbsolutePath().normalize());
        FerrySystem ferry = FerrySystem.empty();
        try {
            int inventory = ferry.add("inventory", Map.of("FERRY_INVENTORY_STORAGE_ROOT",
                    Files.createDirectories(folder.resolve("inventory")).toString()));
            int scheduler = ferry.add("scheduler", schedulerEnvironment);
            return new MigrationStack(ferry, folder, inventory, scheduler);
        } catch (IOException | RuntimeException e) {
            ferry.close();
            throw e;
        }
    }

    /**
     * Starts a conversion worker named {@code id} reading at most {@code megabytesPerSecond} (0: no limit), with a
     * heartbeat and checkpoints every second so a crash loses little; returns its index in {@link #ferry()}.
     */
    int worker(String id, int megabytesPerSecond) throws IOException {
        Map<String, String> environment = new HashMap<>();
        environment.put("FERRY_CONVERSION_WORKER_ID", id);
        environment.put("FERRY_CONVERSION_THROTTLE_MB_PER_SECOND", Integer.toString(megabytesPerSecond));
        environment.put("FERRY_CONVERSION_HEARTBEAT_INTERVAL", "1s");
        environment.put("FERRY_CONVERSION_CLAIM_TIMEOUT", "5s");
        environment.put("FERRY_CONVERSION_CHECKPOINT_INTERVAL", "1s");
        // A dead worker's requests go to the others within seconds. (A file: channel names with dashes do not map
        // from environment variables.)
        Path kafka = folder.resolve("worker-kafka.properties");
        Files.writeString(kafka, "mp.messaging.incoming.conversion-requests.session.timeout.ms=6000\n"
                + "mp.messaging.incoming.conversion-requests.heartbeat.interval.ms=1000\n");
        environment.put("QUARKUS_CONFIG_LOCATIONS", kafka.toUri().toString());
        environment.put("FERRY_CONVERSION_SOURCE_ROOTS", inventoryStorage() + "," + images());
        environment.put("FERRY_CONVERSION_STORAGE_ROOTS_DEFAULT", targets().toString());
        environment.put("FERRY_CONVERSION_INVENTORY_URL", ferry.uri(inventory, "/").toString());
        environment.put("FERRY_CONVERSION_INVENTORY_TOKEN", TestInfrastructure.token("source-credentials"));
        return ferry.add("conversion", environment);
    }

    FerrySystem ferry() {
        return ferry;
    }

    FerryApi api() {
        return api;
    }

    /** The inventory's storage root, where OVF packages may lie and uploads go; the workers' source root. */
    Path inventoryStorage() {
        return folder.resolve("inventory");
    }

    /** Where a test makes its source images. */
    Path images() throws IOException {
        return Files.createDirectories(folder.resolve("images"));
    }

    /** The target storage root "default". */
    Path targets() throws IOException {
        return Files.createDirectories(folder.resolve("targets"));
    }

    /** Stops the services and removes the images (the services' logs stay under target/service-logs). */
    @Override
    public void close() {
        ferry.close();
        try {
            ScratchFolders.delete(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + folder, e);
        }
    }
}
