package dev.ferry.conversion.service.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.conversion.config.ConversionConfig;
import dev.ferry.conversion.service.job.RequestRefusedException;

/** Confines source files to the configured source roots ({@code ferry.conversion.source-roots}). */
@ApplicationScoped
public class SourceRoots {

    @Inject
    ConversionConfig config;

    /**
     * The real path of {@code location}, which must exist and lie under a source root (symbolic links resolved, so
     * a link cannot lead out of a root).
     */
    public Path confine(String location) throws IOException {
        List<String> roots = config.sourceRoots().orElse(List.of());
        if (roots.isEmpty()) {
            throw new RequestRefusedException("source file " + location
                    + " refused: this worker has no source roots (ferry.conversion.source-roots)");
        }
        Path path;
        try {
            path = Path.of(location);
        } catch (InvalidPathException e) {
            throw new RequestRefusedException("source path '" + location + "' is not a valid path");
        }
        if (!path.isAbsolute()) {
            throw new RequestRefusedException("source path '" + location + "' must be absolute");
        }
        if (!Files.isRegularFile(path)) {
            throw new RequestRefusedException("source file " + location + " does not exist or is not a file");
        }
        Path real = path.toRealPath();
        for (String root : roots) {
            Path rootPath = Path.of(root);
            if (Files.isDirectory(rootPath) && real.startsWith(rootPath.toRealPath())) {
                return real;
            }
        }
        throw new RequestRefusedException("source file " + location + " lies outside the source roots " + roots);
    }
}
