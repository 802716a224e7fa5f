package dev.ferry.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the tests find the repository's files: the manifests, the services' modules and the README. */
final class ProjectFiles {

    /** The three services, by the short name the manifests use (ferry-inventory...). */
    static final List<String> SERVICES = List.of("inventory", "scheduler", "conversion");

    /** The overlays users apply. */
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private ProjectFiles() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("ferry.project.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy/k8s"))) {
            throw new IllegalStateException(root + " is not Ferry's repository (no deploy/k8s)");
        }
        return root;
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    static Path overlay(String name) {
        return k8s().resolve("overlays").resolve(name);
    }

    static Path module(String service) {
        return root().resolve(service + "-service");
    }

    /** The version the build is making, which the manifests' Ferry images must carry. */
    static String projectVersion() {
        return System.getProperty("ferry.project.version", "0.1.0-SNAPSHOT");
    }
}
