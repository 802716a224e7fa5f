package dev.ferry.scheduler.service.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.ferry.api.problem.ProblemException;

/**
 * Reads the profiles shipped in the service's resources ({@code profiles/*.yaml}, listed in {@code profiles/index})
 * and those of a configured directory. A profile that does not read or validate stops the service from starting,
 * naming the file and the fields.
 */
public final class BuiltInProfiles {

    static final String FOLDER = "profiles/";

    private BuiltInProfiles() {
    }

    /** The shipped profiles by id, in index order. */
    public static Map<String, TargetProfile> load() {
        Map<String, TargetProfile> profiles = new LinkedHashMap<>();
        for (String file : index()) {
            TargetProfile profile = parse(FOLDER + file, resource(FOLDER + file));
            if (profiles.put(profile.id(), profile) != null) {
                throw new IllegalStateException("two built-in profiles have the id " + profile.id());
            }
        }
        return profiles;
    }

    /** The profiles in {@code directory}'s *.yaml and *.yml files, by id. */
    public static Map<String, TargetProfile> loadDirectory(Path directory) {
        Map<String, TargetProfile> profiles = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(BuiltInProfiles::isYaml).sorted().toList()) {
                TargetProfile profile = parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                profiles.put(profile.id(), profile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read target profiles from " + directory, e);
        }
        return profiles;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static TargetProfile parse(String where, String text) {
        try {
            return ProfileReader.yaml(text);
        } catch (ProblemException e) {
            throw new IllegalStateException("target profile " + where + " is not valid: " + e.getMessage()
                    + (e.errors() == null ? "" : " " + e.errors()), e);
        }
    }

    private static List<String> index() {
        List<String> files = new ArrayList<>();
        for (String line : resource(FOLDER + "index").split("\n")) {
            String file = line.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                files.add(file);
            }
        }
        return files;
    }

    private static String resource(String name) {
        try (InputStream in = BuiltInProfiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}
