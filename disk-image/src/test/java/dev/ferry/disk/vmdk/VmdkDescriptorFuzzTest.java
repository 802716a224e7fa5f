package dev.ferry.disk.vmdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.ferry.disk.DiskImages;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.testing.FuzzBudget;
import dev.ferry.disk.testing.FuzzTemplate;
import dev.ferry.disk.testing.MemoryByteSource;
import dev.ferry.disk.testing.PatchedBytes;
import dev.ferry.disk.testing.QemuImg;
import dev.ferry.disk.testing.ReadOrRefuse;

/**
 * Fuzzes VMDK text descriptors: the parser alone, and descriptor disks whose extents (a flat file and a sparse extent
 * qemu-img made) and parent descriptor lie next to them. Seeds are the descriptors in
 * {@code VmdkDescriptorFuzzTestInputs}: qemu's monolithicFlat and twoGbMaxExtentSparse, an ESXi-style one with
 * several extent kinds and CRLF line ends, and a delta disk of the flat one.
 */
class VmdkDescriptorFuzzTest {

    /** The files the seed descriptors name: "flat-flat.vmdk", "split-s001.vmdk" and the parent "flat.vmdk". */
    private static final Map<String, PatchedBytes> NEIGHBOURS = FuzzTemplate.make(folder -> {
        Path truth = FuzzTemplate.groundTruth(folder);
        Path disk = Files.createDirectories(folder.resolve("disk"));
        QemuImg.convert(truth, "raw", disk.resolve("split.vmdk"), "vmdk", "subformat=twoGbMaxExtentSparse");
        Files.copy(truth, disk.resolve("flat-flat.vmdk"));
        Files.write(disk.resolve("flat.vmdk"), resource("monolithic-flat.txt"));
        return List.of(FuzzTemplate.of(disk.resolve("split.vmdk"), List.of()));
    }).get(0).neighbours();

    @FuzzTest(maxDuration = FuzzBudget.PER_TEST)
    void descriptorIsParsedOrRefused(byte[] text) {
        try {
            DescriptorParser.parse(text, 512);
        } catch (ImageFormatException refused) {
            // A clean refusal.
        }
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TEST)
    void descriptorDiskIsReadOrRefused(byte[] text) {
        MemoryByteSource descriptor = new MemoryByteSource("disk.vmdk", new PatchedBytes(text), NEIGHBOURS);
        // Straight to the VMDK reader: damaged text need not still look like a descriptor to the probe.
        ReadOrRefuse.exercise(() -> new VmdkProbe().open(descriptor,
                (referrer, name) -> DiskImages.open(referrer.openSibling(name))));
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = VmdkDescriptorFuzzTest.class.getResourceAsStream("VmdkDescriptorFuzzTestInputs/" + name)) {
            return in.readAllBytes();
        }
    }
}
