package dev.ferry.inventory.service.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedPathsTest {

    @TempDir
    Path folder;

    @Test
    void namesInsideTheRootResolve() throws Exception {
        Path root = Files.createDirectories(folder.resolve("storage"));

        assertThat(ConfinedPaths.resolve(root, "exports/a.xlsx")).isEqualTo(root.resolve("exports/a.xlsx"));
        assertThat(ConfinedPaths.resolve(root, root.resolve("b.ova").toString())).isEqualTo(root.resolve("b.ova"));
    }

    @Test
    void namesLeadingOutsideAreRefused() throws Exception {
        Path root = Files.createDirectories(folder.resolve("storage"));
        Files.writeString(folder.resolve("secret.txt"), "x");
        Files.createSymbolicLink(root.resolve("link.txt"), folder.resolve("secret.txt"));

        assertThatThrownBy(() -> ConfinedPaths.resolve(root, "../secret.txt")).hasMessageContaining("must name a file");
        assertThatThrownBy(() -> ConfinedPaths.resolve(root, "/etc/passwd")).hasMessageContaining("must name a file");
        assertThatThrownBy(() -> ConfinedPaths.resolve(root, "link.txt")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> ConfinedPaths.resolve(root, "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ConfinedPaths.resolve(root, ".")).hasMessageContaining("must name a file");
    }
}
