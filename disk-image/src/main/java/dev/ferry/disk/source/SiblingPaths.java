package dev.ferry.disk.source;

import java.nio.file.Path;

/** Resolves a file name found inside an image (an extent, a parent) against the image's folder, and nowhere else. */
final class SiblingPaths {

    private SiblingPaths() {
    }

    static Path confine(Path image, String relativeName) {
        if (relativeName.isEmpty() || relativeName.indexOf('\0') >= 0) {
            throw new SecurityException("refusing empty or NUL-containing file name referenced by " + image);
        }
        Path folder = image.toAbsolutePath().normalize().getParent();
        Path resolved = folder.resolve(relativeName).normalize();
        if (!resolved.startsWith(folder) || resolved.equals(folder)) {
            throw new SecurityException("file '" + relativeName + "' referenced by " + image.getFileName()
                    + " lies outside its folder " + folder);
        }
        return resolved;
    }
}
