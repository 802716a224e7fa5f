package dev.ferry.inventory.service.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.api.problem.ProblemException;
import dev.ferry.api.problem.ProblemType;
import dev.ferry.events.machine.SourceKind;
import dev.ferry.inventory.config.InventoryConfig;
import dev.ferry.inventory.model.DiscoveryRun;
import dev.ferry.inventory.model.DiscoveryState;
import dev.ferry.inventory.model.Source;
import dev.ferry.inventory.service.discovery.DiscoveryService;
import dev.ferry.inventory.service.source.SourceService;
import dev.ferry.inventory.service.source.StorageRoot;

/**
 * Takes an uploaded RVTools export or OVA package: streams it to the source's uploads folder under the storage root
 * (never more than the configured limit), points the source at it, and starts a discovery of it.
 */
@ApplicationScoped
public class UploadService {

    @Inject
    SourceService sources;

    @Inject
    DiscoveryService discoveries;

    @Inject
    StorageRoot storage;

    @Inject
    InventoryConfig config;

    public DiscoveryRun upload(UUID sourceId, InputStream body, String fileName) {
        Source source = sources.get(sourceId);
        if (source.kind != SourceKind.RVTOOLS && source.kind != SourceKind.OVF) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "uploads are for RVTOOLS and OVF sources; source '"
                    + source.name + "' is " + source.kind);
        }
        if (DiscoveryRun.count("sourceId = ?1 and state in ?2", sourceId,
                List.of(DiscoveryState.PENDING, DiscoveryState.RUNNING)) > 0) {
            throw ProblemException.conflict("source '" + source.name + "' is being discovered; upload when the run "
                    + "is over");
        }
        Path stored = store(sourceId, body, safeName(fileName, source.kind));
        sources.useUpload(sourceId, stored);
        return discoveries.start(sourceId);
    }

    private Path store(UUID sourceId, InputStream body, String name) {
        long limit = config.uploads().maxSize().asLongValue();
        Path folder = storage.uploadsOf(sourceId);
        Path partial = null;
        try {
            Files.createDirectories(folder);
            partial = Files.createTempFile(folder, ".upload-", ".part");
            long total = 0;
            byte[] buffer = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(partial)) {
                for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                    total += read;
                    if (total > limit) {
                        throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the upload is larger than the "
                                + "limit of " + limit + " bytes (ferry.inventory.uploads.max-size); place large "
                                + "files under the storage root and set the source's path instead");
                    }
                    out.write(buffer, 0, read);
                }
            }
            if (total == 0) {
                throw ProblemException.invalid("the upload is empty: send the file as the request body "
                        + "(Content-Type: application/octet-stream)");
            }
            Path target = folder.resolve(UUID.randomUUID() + "-" + name);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the upload under " + folder + ": " + e.getMessage(), e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    // A leftover .part file is harmless and named as such.
                }
            }
        }
    }

    /** A file name safe to keep: letters, digits, dot, dash and underscore only. */
    static String safeName(String fileName, SourceKind kind) {
        String base = fileName == null ? ""
                : fileName.substring(Math.max(fileName.lastIndexOf('/'),
                        fileName.lastIndexOf('\\')) + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        if (safe.isEmpty()) {
            return kind == SourceKind.OVF ? "package.ova" : "export";
        }
        return safe.length() > 120 ? safe.substring(safe.length() - 120) : safe;
    }
}
