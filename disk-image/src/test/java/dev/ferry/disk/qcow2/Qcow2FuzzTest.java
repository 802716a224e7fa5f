package dev.ferry.disk.qcow2;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.ferry.disk.testing.FuzzBudget;
import dev.ferry.disk.testing.FuzzTemplate;
import dev.ferry.disk.testing.ImageMutator.Region;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.QemuIo;

/** Fuzzes the qcow2 reader with damaged v2, v3, compressed, extended-L2 and backed images qemu-img made. */
class Qcow2FuzzTest {

    private static final List<FuzzTemplate> TEMPLATES = FuzzTemplate.make(folder -> {
        Path truth = FuzzTemplate.groundTruth(folder);
        return List.of(
                converted(truth, folder.resolve("v3"), false, "cluster_size=4096"),
                converted(truth, folder.resolve("v2"), false, "compat=0.10", "cluster_size=4096"),
                converted(truth, folder.resolve("compressed"), true, "cluster_size=4096"),
                converted(truth, folder.resolve("extended"), false, "extended_l2=on", "cluster_size=16384"),
                backed(truth, folder.resolve("backed")));
    });

    @Test
    void templatesAreReadableImages() {
        FuzzTemplate.requireReadable(TEMPLATES);
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TEST)
    void damagedQcow2IsReadOrRefused(FuzzedDataProvider data) {
        FuzzTemplate.exercise(TEMPLATES, data, ByteOrder.BIG_ENDIAN, bytes -> {
            // qcow2 has no checksums.
        });
    }

    private static FuzzTemplate converted(Path truth, Path folder, boolean compressed, String... options)
            throws java.io.IOException {
        Path image = Files.createDirectories(folder).resolve("disk.qcow2");
        if (compressed) {
            QemuImg.convertCompressed(truth, "raw", image, "qcow2", options);
        } else {
            QemuImg.convert(truth, "raw", image, "qcow2", options);
        }
        return FuzzTemplate.of(image, List.of(new Region(0, 4096)));
    }

    /** An overlay with data and zero clusters over a backing file that is next to it. */
    private static FuzzTemplate backed(Path truth, Path folder) throws java.io.IOException {
        Files.createDirectories(folder);
        QemuImg.convert(truth, "raw", folder.resolve("base.qcow2"), "qcow2", "cluster_size=4096");
        Path overlay = folder.resolve("overlay.qcow2");
        QemuImg.runChecked(List.of("create", "-q", "-f", "qcow2", "-o", "cluster_size=4096", "-b", "base.qcow2", "-F",
                "qcow2", overlay.toString()));
        QemuIo.run(overlay, "qcow2", "write -P 0x5a 8k 12k", "write -z 64k 8k", "write -P 0x11 1M 512");
        return FuzzTemplate.of(overlay, List.of(new Region(0, 4096)));
    }
}
