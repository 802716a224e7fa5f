package dev.ferry.scheduler.service.wave;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.ferry.api.problem.Problem;
import dev.ferry.scheduler.config.WaveConfig;

/**
 * The configured target storage roots, and the rule for folders under them: a wave writes to a configured root and a
 * relative folder that cannot leave it (no "..", no absolute path, no drive letter, plain names only); each job
 * writes to a folder of its own below the wave's.
 */
@ApplicationScoped
public class StorageRoots {

    /** A folder name any target file system takes; not "." or "..". */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._ -]{0,127}");

    @Inject
    WaveConfig config;

    /** The roots by name, with their descriptions. */
    public Map<String, String> roots() {
        return new TreeMap<>(config.storageRoots());
    }

    /** What is wrong with writing to {@code folder} under root {@code root}, as field errors; empty when nothing. */
    public List<Problem.FieldError> problems(String root, String folder, String field) {
        List<Problem.FieldError> problems = new ArrayList<>();
        if (root == null || !config.storageRoots().containsKey(root)) {
            problems.add(new Problem.FieldError(field + ".storageRoot", "no storage root named " + root
                    + " is configured; configured: " + String.join(", ", roots().keySet())));
        }
        String reason = folderProblem(folder);
        if (reason != null) {
            problems.add(new Problem.FieldError(field + ".folder", reason));
        }
        return problems;
    }

    /** Why {@code folder} is not a folder inside a root, or null when it is. */
    static String folderProblem(String folder) {
        if (folder == null || folder.isBlank()) {
            return "must name a folder under the storage root";
        }
        if (folder.length() > 512) {
            return "must be at most 512 characters";
        }
        if (folder.startsWith("/") || folder.contains("\\") || folder.contains(":")) {
            return "must be a relative path with '/' between folders (no absolute path, drive letter or '\\')";
        }
        for (String segment : folder.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "must stay inside the storage root: '" + segment + "' is not allowed";
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return "folder names may hold letters, digits, '.', '_', '-' and spaces, start with a letter, digit "
                        + "or '_', and be 1 to 128 characters long; '" + segment + "' does not";
            }
        }
        return null;
    }

    /** A folder name for a machine: its name in letters, digits, '.', '_' and '-'. */
    public static String machineFolder(String machineName) {
        String name = machineName == null ? ""
                : machineName.replaceAll("[^A-Za-z0-9._-]+", "_")
                        .replaceAll("^[._-]+", "");
        if (name.length() > 80) {
            name = name.substring(0, 80);
        }
        return name.isEmpty() ? "vm" : name.toLowerCase(Locale.ROOT);
    }
}
