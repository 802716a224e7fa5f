package dev.ferry.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchFoldersTest {

    @Test
    void aScratchFolderAndWhatIsInItAreGoneWhenTheJvmExits() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FillsAScratchFolder.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();

        Path folder = Path.of(printed);
        assertThat(folder.getFileName().toString()).startsWith("ferry-scratch-test");
        assertThat(folder).doesNotExist();
    }

    @Test
    void deleteRemovesNestedFilesAndAcceptsAFolderThatIsGone(@TempDir Path home) throws IOException {
        Path folder = Files.createDirectories(home.resolve("a/b/c"));
        Files.writeString(folder.resolve("file"), "data");

        ScratchFolders.delete(home.resolve("a"));
        ScratchFolders.delete(home.resolve("a"));

        assertThat(home.resolve("a")).doesNotExist();
    }

    /** Run in a JVM of its own: fills a scratch folder, prints where it is, and exits. */
    public static final class FillsAScratchFolder {

        public static void main(String[] args) throws IOException {
            Path folder = ScratchFolders.create("ferry-scratch-test");
            Files.writeString(Files.createDirectories(folder.resolve("logs")).resolve("broker.log"), "kept until exit");
            System.out.println(folder);
        }
    }
}
