package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.ferry.disk.testing.FuzzBudget;
import dev.ferry.disk.testing.FuzzTemplate;
import dev.ferry.disk.testing.ImageMutator.Region;
import dev.ferry.disk.testing.PatchedBytes;
import dev.ferry.disk.testing.QemuImg;

/**
 * Fuzzes the VHDX reader with damaged dynamic, fixed, logged and differencing files, recomputing the CRC-32C of
 * headers, region tables and the log entry when the fuzzer asks, so that damage reaches the parsers behind them.
 */
class VhdxFuzzTest {

    private static final List<FuzzTemplate> TEMPLATES = FuzzTemplate.make(folder -> {
        Path truth = FuzzTemplate.groundTruth(folder);
        return List.of(
                template(qemuImage(truth, folder.resolve("dynamic"), "disk", "subformat=dynamic")),
                template(qemuImage(truth, folder.resolve("fixed"), "disk", "subformat=fixed")),
                template(logged(qemuImage(truth, folder.resolve("logged"), "disk", "subformat=dynamic"))),
                template(differencing(truth, folder.resolve("differencing"))));
    });

    @Test
    void templatesAreReadableImages() {
        FuzzTemplate.requireReadable(TEMPLATES);
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TEST)
    void damagedVhdxIsReadOrRefused(FuzzedDataProvider data) {
        FuzzTemplate.exercise(TEMPLATES, data, ByteOrder.LITTLE_ENDIAN, VhdxFuzzTest::fixChecksums);
    }

    private static Path qemuImage(Path truth, Path folder, String name, String subformat) throws IOException {
        Path image = Files.createDirectories(folder).resolve(name + ".vhdx");
        QemuImg.convert(truth, "raw", image, "vhdx", subformat, "block_size=1048576");
        return image;
    }

    /** Headers, region tables, the start of the metadata region, the BAT and the log: where VHDX keeps its metadata. */
    private static FuzzTemplate template(Path image) throws IOException {
        VhdxHeader header = VhdxFileSurgery.currentHeader(image);
        return FuzzTemplate.of(image, List.of(
                new Region(0, 8),
                new Region(VhdxHeader.FIRST_OFFSET, 128),
                new Region(VhdxHeader.SECOND_OFFSET, 128),
                new Region(VhdxRegionTable.FIRST_OFFSET, 128),
                new Region(VhdxRegionTable.SECOND_OFFSET, 128),
                new Region(VhdxFileSurgery.metadataOffset(image), 512),
                new Region(VhdxFileSurgery.metadataOffset(image) + 65536, 4096),
                new Region(VhdxFileSurgery.batOffset(image), 256),
                new Region(header.logOffset(), 256)));
    }

    /** A pending log entry that writes one sector of a block and zeros part of another. */
    private static Path logged(Path image) throws IOException {
        VhdxHeader header = VhdxFileSurgery.currentHeader(image);
        UUID logGuid = new UUID(0x1234, 0x5678);
        long block0 = VhdxBlockTable.offset(VhdxFileSurgery.batEntry(image, 0));
        byte[] sector = new byte[4096];
        java.util.Arrays.fill(sector, (byte) 0x6c);
        ByteBuffer entry = VhdxLogEntries.entry(logGuid, 5, 0, Files.size(image), List.of(
                VhdxLogEntries.Descriptor.data(block0 + 4096, sector),
                VhdxLogEntries.Descriptor.zero(block0 + 65536, 8192)));
        VhdxLogEntries.writeToLog(image, header, 0, entry);
        VhdxFileSurgery.writeHeaders(image, VhdxFileSurgery.withLog(header, logGuid));
        return image;
    }

    private static Path differencing(Path truth, Path folder) throws IOException {
        Path parent = qemuImage(truth, folder, "parent", "subformat=dynamic");
        Path child = qemuImage(truth, folder, "child", "subformat=dynamic");
        VhdxFileSurgery.markNotPresent(child, 0);
        VhdxFileSurgery.makeDifferencing(child, parent);
        return child;
    }

    /** Makes the CRC-32C of both headers, both region tables and the first log entry right again. */
    private static void fixChecksums(PatchedBytes bytes) {
        for (long at : new long[] { VhdxHeader.FIRST_OFFSET, VhdxHeader.SECOND_OFFSET }) {
            fixChecksum(bytes, at, VhdxHeader.SIZE);
        }
        for (long at : new long[] { VhdxRegionTable.FIRST_OFFSET, VhdxRegionTable.SECOND_OFFSET }) {
            fixChecksum(bytes, at, VhdxRegionTable.SIZE);
        }
        ByteBuffer header = ByteBuffer.wrap(bytes.read(VhdxHeader.FIRST_OFFSET, 80)).order(ByteOrder.LITTLE_ENDIAN);
        long logOffset = header.getLong(72);
        if (logOffset > 0 && logOffset < bytes.size()) {
            ByteBuffer entryHeader = ByteBuffer.wrap(bytes.read(logOffset, 16)).order(ByteOrder.LITTLE_ENDIAN);
            int length = entryHeader.getInt(8);
            if (length >= 64 && length <= 1 << 20) {
                fixChecksum(bytes, logOffset, length);
            }
        }
    }

    private static void fixChecksum(PatchedBytes bytes, long offset, int length) {
        ByteBuffer structure = ByteBuffer.wrap(bytes.read(offset, length)).order(ByteOrder.LITTLE_ENDIAN);
        VhdxChecksum.store(structure, 4);
        bytes.write(offset + 4, java.util.Arrays.copyOfRange(structure.array(), 4, 8));
    }
}
