package dev.ferry.disk.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ByteSources#open} makes of what a user typed. */
class ByteSourcesTest {

    @TempDir
    Path folder;

    @Test
    void opensPathsAndFileUrisAsLocalFiles() throws IOException {
        Path file = Files.write(folder.resolve("a disk.raw"), new byte[1234]);
        try (ByteSource byPath = ByteSources.open(file.toString());
                ByteSource byUri = ByteSources.open(file.toUri().toString())) {
            assertThat(byPath).isInstanceOf(FileByteSource.class);
            assertThat(byUri).isInstanceOf(FileByteSource.class);
            assertThat(byUri.size()).isEqualTo(1234);
        }
    }

    @Test
    void refusesUnknownSchemesAndTlsNbdWithAClearMessage() {
        assertThatThrownBy(() -> ByteSources.open("ftp://host/disk.vmdk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported source scheme 'ftp'");
        assertThatThrownBy(() -> ByteSources.open("nbds://127.0.0.1/disk"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not supported yet");
    }

    @Test
    void neverRepeatsAPasswordFromAMalformedUrl() {
        assertThatThrownBy(() -> ByteSources.open("https://user:hunter2@host/bad path"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ByteSources.open("nbd://user:hunter2@host/bad path"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }
}
