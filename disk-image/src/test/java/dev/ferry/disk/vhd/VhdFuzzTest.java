package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
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
import dev.ferry.disk.testing.PatchedBytes;
import dev.ferry.disk.testing.QemuImg;

/**
 * Fuzzes the VHD reader with damaged fixed, dynamic and differencing disks, recomputing the footer and header
 * checksums when the fuzzer asks, so that damage reaches the parsers behind them.
 */
class VhdFuzzTest {

    private static final List<FuzzTemplate> TEMPLATES = FuzzTemplate.make(folder -> {
        Path truth = FuzzTemplate.groundTruth(folder);
        return List.of(
                template(qemuImage(truth, folder.resolve("dynamic"), "disk", "subformat=dynamic")),
                template(qemuImage(truth, folder.resolve("fixed"), "disk", "subformat=fixed")),
                template(differencing(truth, folder.resolve("differencing"))));
    });

    @Test
    void templatesAreReadableImages() {
        FuzzTemplate.requireReadable(TEMPLATES);
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TEST)
    void damagedVhdIsReadOrRefused(FuzzedDataProvider data) {
        FuzzTemplate.exercise(TEMPLATES, data, ByteOrder.BIG_ENDIAN, VhdFuzzTest::fixChecksums);
    }

    private static Path qemuImage(Path truth, Path folder, String name, String subformat) throws IOException {
        Path image = Files.createDirectories(folder).resolve(name + ".vhd");
        QemuImg.convert(truth, "raw", image, "vpc", subformat, "force_size=on");
        return image;
    }

    /** The footer copy and dynamic header at the start, the BAT, the footer (and locator) at the end. */
    private static FuzzTemplate template(Path image) throws IOException {
        long size = Files.size(image);
        return FuzzTemplate.of(image, List.of(new Region(0, 2048), new Region(size - 1024, 1024)));
    }

    private static Path differencing(Path truth, Path folder) throws IOException {
        Path parent = qemuImage(truth, folder, "parent", "subformat=dynamic");
        Path child = qemuImage(truth, folder, "child", "subformat=dynamic");
        VhdFileSurgery.clearBitmapBits(child, 0, 100, 300);
        VhdFileSurgery.makeDifferencing(child, parent);
        return child;
    }

    /** Makes the checksums of the footer, its copy at offset 0 and the dynamic header right again. */
    private static void fixChecksums(PatchedBytes bytes) {
        fixChecksum(bytes, 0, VhdFooter.SIZE, 64);
        fixChecksum(bytes, bytes.size() - VhdFooter.SIZE, VhdFooter.SIZE, 64);
        fixChecksum(bytes, VhdFooter.SIZE, VhdDynamicHeader.SIZE, 36);
    }

    private static void fixChecksum(PatchedBytes bytes, long offset, int length, int field) {
        if (offset < 0) {
            return;
        }
        ByteBuffer structure = ByteBuffer.wrap(bytes.read(offset, length));
        bytes.write(offset + field, ByteBuffer.allocate(4).putInt(VhdChecksum.compute(structure, field)).array());
    }
}
