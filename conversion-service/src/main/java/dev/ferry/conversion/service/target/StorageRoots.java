package dev.ferry.conversion.service.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.service.job.RequestRefusedException;
import dev.ferry.events.conversion.TargetLocation;

/**
 * Resolves a job's target folder under the storage root it names ({@code ferry.conversion.storage-roots.<name>}),
 * refusing folders that would escape the root, by {@code ..}, an absolute path or a symbolic link.
 */
@ApplicationScoped
public class StorageRoots {

    @Inject
    ConversionConfig config;

    /** The job's folder, without creating it. */
    public Path folder(TargetLocation target) throws IOException {
        if (target == null || target.storageRoot() == null) {
            throw new RequestRefusedException("the request names no target storage root");
        }
        Map<String, String> roots = config.storageRoots();
        String root = roots.get(target.storageRoot());
        if (root == null) {
            throw new RequestRefusedException("unknown storage root '" + target.storageRoot()
                    + "'; this worker has " + new TreeSet<>(roots.keySet()));
        }
        Path rootPath = Path.of(root).toAbsolutePath().normalize();
        String folder = target.folder() == null ? "" : target.folder();
        Path resolved;
        try {
            Path relative = Path.of(folder);
            if (relative.isAbsolute() || folder.startsWith("/") || folder.startsWith("\\")) {
                throw new RequestRefusedException("target folder '" + folder + "' must be relative to storage root '"
                        + target.storageRoot() + "'");
            }
            resolved = rootPath.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw new RequestRefusedException("target folder '" + folder + "' is not a valid path");
        }
        if (!resolved.startsWith(rootPath) || resolved.equals(rootPath)) {
            throw new RequestRefusedException("target folder '" + folder + "' escapes storage root '"
                    + target.storageRoot() + "'");
        }
        return resolved;
    }

    /** The job's folder, created if needed, checked again once it exists so that no symbolic link leads out. */
    public Path createFolder(TargetLocation target) throws IOException {
        Path folder = folder(target);
        Path root = Path.of(config.storageRoots().get(target.storageRoot()));
        if (!Files.isDirectory(root)) {
            throw new IOException("storage root '" + target.storageRoot() + "' (" + root + ") is not mounted");
        }
        Files.createDirectories(folder);
        if (!folder.toRealPath().startsWith(root.toRealPath())) {
            throw new RequestRefusedException("target folder '" + target.folder() + "' leads out of storage root '"
                    + target.storageRoot() + "' through a symbolic link");
        }
        return folder;
    }

    /** Checks that a planned file name names a file in the target folder and nothing else. */
    public static String plainFileName(String name) throws RequestRefusedException {
        if (name == null || name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/")
                || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new RequestRefusedException("target file name '" + name + "' is not a plain file name");
        }
        return name;
    }
}
