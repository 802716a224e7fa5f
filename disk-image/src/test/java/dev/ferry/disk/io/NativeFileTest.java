package dev.ferry.disk.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native calls are bound on Linux, where Ferry runs: tests that rely on them assume they are there and would
 * otherwise be skipped in silence, and conversions would lose their hole detection and page-cache advice.
 */
@EnabledOnOs(OS.LINUX)
class NativeFileTest {

    @TempDir
    Path folder;

    @Test
    void theCallsAreBoundAndFindTheDataOfASparseFile() throws IOException {
        Path sparse = folder.resolve("sparse.raw");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(64L << 20);
            file.seek(32L << 20);
            file.write(new byte[4096]);
        }

        assertThat(NativeFile.available()).isTrue();
        try (NativeFile file = NativeFile.open(sparse)) {
            assertThat(file).isNotNull();
            long data = file.nextData(0);
            assertThat(data).isBetween(0L, 32L << 20);
            assertThat(file.nextHole(32L << 20, -1)).isGreaterThan(32L << 20);
            assertThat(file.dropCached(0, 0)).isTrue();
        }
    }
}
