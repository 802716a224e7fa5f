package dev.ferry.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ferry.disk.source.FileByteSource;
import dev.ferry.disk.testing.ReadOrRefuse;
import dev.ferry.disk.testing.ReadableSource;
import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;

/**
 * Truncation, the damage every format meets (an interrupted copy, a full disk), applied to every kind of image Ferry
 * reads at the places that matter: inside the first header, at sector and table boundaries, halfway, inside the last
 * sector. Each cut image must still read, or be refused with an {@link ImageFormatException} that names a file
 * offset, within seconds. Format-specific damage (offsets past the end, overlapping and cyclic tables, absurd sizes,
 * decompression bombs, wrong checksums) is covered by each reader's hostile-input tests and fuzz tests.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HostileInputAuditTest {

    private static final long SIZE = 4L * 1024 * 1024 + 1536;
    private static final long[] CUTS_FROM_START = { 0, 1, 4, 100, 511, 512, 513, 1024, 1536, 4096, 65536, 65537,
            196608, 1 << 20 };
    private static final long[] CUTS_FROM_END = { 1, 511, 512, 513, 1024 };

    @TempDir
    static Path folder;
    private static Path groundTruth;

    @BeforeAll
    static void writeGroundTruth() throws IOException {
        groundTruth = SyntheticDisk.scattered(SIZE, 11, 0.4, 0.3, 512, 200_000).with(0, 512, Content.RANDOM)
                .with(SIZE - 512, 512, Content.TEXT).writeRaw(folder.resolve("truth.raw"));
    }

    static Stream<Arguments> kinds() {
        return Stream.of(ReadableSource.values()).filter(kind -> kind != ReadableSource.RAW).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void truncatedFilesReadOrAreRefusedNamingAnOffset(ReadableSource kind) throws IOException {
        ReadableSource.Made made = kind.create(groundTruth, folder.resolve(kind.name()));
        List<Path> files;
        try (Stream<Path> listing = Files.list(made.image().getParent())) {
            files = listing.filter(file -> !file.getFileName().toString().endsWith(".raw")).sorted().toList();
        }
        // Every file the image consists of: descriptor, extents, parent or backing file.
        for (Path file : files) {
            Path pristine = Files.copy(file, folder.resolve(kind.name() + ".pristine"),
                    StandardCopyOption.REPLACE_EXISTING);
            for (long cut : cutsOf(Files.size(pristine))) {
                Files.copy(pristine, file, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(cut);
                }
                String label = kind + ", " + file.getFileName() + " cut at " + cut;
                try {
                    ReadOrRefuse.mustRead(() -> DiskImages.open(FileByteSource.open(made.image())));
                } catch (AssertionError refused) {
                    assertThat(refused.getCause()).as("%s: %s", label, refused.getMessage())
                            .isInstanceOf(ImageFormatException.class);
                    assertThat(refused.getCause().getMessage()).as(label).contains("file offset");
                }
            }
            Files.copy(pristine, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<Long> cutsOf(long size) {
        List<Long> cuts = new ArrayList<>();
        for (long cut : CUTS_FROM_START) {
            if (cut < size) {
                cuts.add(cut);
            }
        }
        cuts.add(size / 2);
        for (long fromEnd : CUTS_FROM_END) {
            if (fromEnd < size) {
                cuts.add(size - fromEnd);
            }
        }
        return cuts;
    }
}
