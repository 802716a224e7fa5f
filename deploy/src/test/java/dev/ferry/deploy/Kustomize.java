package dev.ferry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, exactly as {@code kubectl apply -k} would. */
final class Kustomize {

    private Kustomize() {
    }

    /** The rendered YAML of the kustomization in {@code directory}; fails with kubectl's message if it cannot. */
    static String build(Path directory) {
        try {
            Path output = Files.createTempFile("kustomize-", ".yaml");
            Path errors = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(List.of(kubectl(), "kustomize", directory.toString()))
                        .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + directory + " failed: "
                            + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return Files.readString(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl (1.32 or later, with kustomize) from the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String kubectl() {
        return System.getenv().getOrDefault("KUBECTL", "kubectl");
    }
}
