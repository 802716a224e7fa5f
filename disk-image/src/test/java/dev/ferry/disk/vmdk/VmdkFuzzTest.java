package dev.ferry.disk.vmdk;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.DiskImages;
import dev.ferry.disk.testing.FuzzBudget;
import dev.ferry.disk.testing.FuzzTemplate;
import dev.ferry.disk.testing.ImageMutator.Region;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.SimpleCopy;
import dev.ferry.disk.write.WriteOptions;

/**
 * Fuzzes the sparse-extent readers with damaged monolithicSparse and streamOptimized VMDKs, as qemu-img and Ferry's
 * own writers make them.
 */
class VmdkFuzzTest {

    private static final List<FuzzTemplate> SPARSE = FuzzTemplate.make(folder -> {
        Path truth = FuzzTemplate.groundTruth(folder);
        return List.of(byQemu(truth, folder.resolve("qemu"), "monolithicSparse"),
                byFerry(truth, folder.resolve("ferry"), "monolithicSparse"));
    });
    private static final List<FuzzTemplate> STREAM = FuzzTemplate.make(folder -> {
        Path truth = FuzzTemplate.groundTruth(folder);
        return List.of(byQemu(truth, folder.resolve("qemu"), "streamOptimized"),
                byFerry(truth, folder.resolve("ferry"), "streamOptimized"));
    });

    @Test
    void templatesAreReadableImages() {
        FuzzTemplate.requireReadable(SPARSE);
        FuzzTemplate.requireReadable(STREAM);
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TEST)
    void damagedMonolithicSparseIsReadOrRefused(FuzzedDataProvider data) {
        exercise(SPARSE, data);
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TEST)
    void damagedStreamOptimizedIsReadOrRefused(FuzzedDataProvider data) {
        exercise(STREAM, data);
    }

    private static void exercise(List<FuzzTemplate> templates, FuzzedDataProvider data) {
        FuzzTemplate.exercise(templates, data, ByteOrder.LITTLE_ENDIAN, bytes -> {
            // Sparse extents have no checksums.
        });
    }

    private static FuzzTemplate byQemu(Path truth, Path folder, String subformat) throws IOException {
        Path image = Files.createDirectories(folder).resolve("disk.vmdk");
        QemuImg.convert(truth, "raw", image, "vmdk", "subformat=" + subformat);
        return template(image);
    }

    private static FuzzTemplate byFerry(Path truth, Path folder, String subformat) throws IOException {
        Path image = Files.createDirectories(folder).resolve("disk.vmdk");
        try (DiskImage raw = DiskImages.open(truth)) {
            SimpleCopy.copyAll(raw, new VmdkWriterFactory().create(image, raw.virtualSize(),
                    WriteOptions.subformat(subformat)));
        }
        return template(image);
    }

    /** Header, descriptor and tables at the start; footer, directory and tables of a stream at the end. */
    private static FuzzTemplate template(Path image) throws IOException {
        long size = Files.size(image);
        return FuzzTemplate.of(image, List.of(new Region(0, 1024), new Region(1024, 64 * 1024),
                new Region(Math.max(0, size - 8192), 8192)));
    }
}
