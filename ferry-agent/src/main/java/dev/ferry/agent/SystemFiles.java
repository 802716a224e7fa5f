package dev.ferry.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host's /proc, /sys and /etc under a root folder ("/" on a real host, a prepared tree in tests). Reads are
 * forgiving: a file that is missing or unreadable (DMI needs root) reads as null.
 */
final class SystemFiles {

    private final Path root;

    SystemFiles(Path root) {
        this.root = root;
    }

    Path path(String relative) {
        return root.resolve(relative.startsWith("/") ? relative.substring(1) : relative);
    }

    /** The file's content without surrounding white space, or null. */
    String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    List<String> lines(String relative) {
        try {
            return Files.readAllLines(path(relative), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The names in a folder, sorted; empty when it is missing. */
    List<String> list(String relative) {
        try (var names = Files.list(path(relative))) {
            return names.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    boolean exists(String relative) {
        return Files.exists(path(relative));
    }

    /** Where a /sys link really points, as a path string ("/sys/devices/pci0000:00/.../block/vda"), or "". */
    String realPath(String relative) {
        try {
            return path(relative).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    long number(String relative, long otherwise) {
        String value = read(relative);
        try {
            return value == null ? otherwise : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
