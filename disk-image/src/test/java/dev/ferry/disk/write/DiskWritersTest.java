package dev.ferry.disk.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.raw.RawWriterFactory;

class DiskWritersTest {

    @Test
    void rawIsWrittenSparseByDefault() {
        assertThat(DiskWriters.factory(ImageFormat.RAW, null)).isInstanceOf(RawWriterFactory.class);
        assertThat(DiskWriters.canonicalSubformat(ImageFormat.RAW, null)).isEqualTo("sparse");
    }

    @Test
    void subformatsMatchWhateverTheirCase() {
        assertThat(DiskWriters.canonicalSubformat(ImageFormat.RAW, "SPARSE")).isEqualTo("sparse");
    }

    @Test
    void unknownSubformatIsRefusedNamingWhatCanBeWritten() {
        assertThatThrownBy(() -> DiskWriters.factory(ImageFormat.RAW, "preallocated"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("preallocated")
                .hasMessageContaining("raw (sparse)");
    }
}
