package dev.ferry.disk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/** The source images the conversion matrix starts from are what they claim to be, so the matrix proves something. */
class ReadableSourceTest {

    private static final long SIZE = 4L * 1024 * 1024 + 1536;

    @TempDir
    static Path folder;

    static Path groundTruth;

    @BeforeAll
    static void writeGroundTruth() throws IOException {
        groundTruth = SyntheticDisk.ofSize(SIZE).with(0, SIZE, Content.TEXT).with(1000, 300_000, Content.RANDOM)
                .writeRaw(folder.resolve("truth.raw"));
    }

    @ParameterizedTest
    @EnumSource(ReadableSource.class)
    void eachKindOpensAsItsFormatAndSubformatWithTheGroundTruthsContent(ReadableSource kind) throws IOException {
        ReadableSource.Made made = kind.create(groundTruth, folder.resolve(kind.name()));

        try (DiskImage image = DiskImages.open(made.image())) {
            ImageInfo info = image.info();
            assertThat(info.format()).isEqualTo(kind.format());
            assertThat(info.subformat()).isEqualTo(kind.subformat());
            if (kind != ReadableSource.QCOW2_BACKING) {
                ImageAssertions.assertSameContent(image, groundTruth);
            }
        }
        QemuImg.Result compare = QemuImg.compare(made.reference(), made.referenceFormat(), made.image(),
                kind.format().qemuName());
        if (kind == ReadableSource.VHDX_DIFFERENCING) {
            assertThat(compare.output()).as("qemu cannot open differencing VHDX files")
                    .contains("Operation not supported");
        } else if (kind == ReadableSource.VHD_DIFFERENCING) {
            assertThat(compare.exitCode()).as("qemu reads the child without its parent: the parent matters")
                    .isEqualTo(1);
        } else {
            assertThat(compare.exitCode()).as(compare.output()).isZero();
        }
    }

    @Test
    void theBackingFileHoldsDataTheOverlayDoesNotAndZeroClustersHideSome() throws IOException {
        ReadableSource.Made made = ReadableSource.QCOW2_BACKING.create(groundTruth, folder.resolve("backing"));

        String map = QemuImg.runChecked(List.of("map", "--output=json", "-f", "qcow2", made.image().toString()))
                .output();
        assertThat(map).contains("\"depth\": 1, \"present\": true, \"zero\": false, \"data\": true")
                .contains("\"depth\": 0, \"present\": true, \"zero\": true, \"data\": false");
        assertThat(QemuImg.compare(groundTruth, "raw", made.image(), "qcow2").exitCode()).isEqualTo(1);
    }
}
