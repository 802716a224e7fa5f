package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ferry.disk.testing.SyntheticDisk;
import dev.ferry.disk.testing.SyntheticDisk.Content;
import dev.ferry.disk.testing.SyntheticImage;
import dev.ferry.disk.write.EncodedChunk;

class ChunkPipelineTest {

    private static final int K = 1024;
    private static final int MiB = 1 << 20;

    @TempDir
    Path folder;

    @Test
    void chunksInFlightReachButNeverExceedTheBufferCount() throws Exception {
        SyntheticDisk disk = SyntheticDisk.ofSize(4 * MiB).with(0, 4 * MiB, Content.RANDOM);
        int buffers = 5;
        ConversionOptions options = ConversionOptions.builder().threads(3).buffers(buffers).chunkSize(64 * K).build();
        try (SyntheticImage image = SyntheticImage.open(disk, disk.writeRaw(folder.resolve("disk.raw")))) {
            RecordingWriter writer = new RecordingWriter(4 * K, image.virtualSize(), buffers);

            ChunkPipeline.forConversion(image, writer, options).run(0, chunk -> {
                if (writer.commits().isEmpty()) {
                    // Hold the first commit until every buffer is in use: the pipeline must not take more.
                    writer.reachedAwaiting().orTimeout(30, TimeUnit.SECONDS).join();
                }
                commitAll(writer, chunk);
            });

            assertThat(writer.mostAwaitingCommit()).isEqualTo(buffers);
            assertThat(writer.commits()).hasSize(64);
        }
    }

    @Test
    void commitsAscendAndCoverExactlyTheNonZeroUnits() throws Exception {
        long size = 9 * MiB + 3 * K + 5;
        SyntheticDisk disk = SyntheticDisk.scattered(size, 17, 0.3, 0.2, 100, 200 * K)
                .with(2 * MiB, 512 * K, Content.ZERO)
                .with(size - 1, 1, Content.TEXT);
        ConversionOptions options = ConversionOptions.builder().threads(4).chunkSize(256 * K).build();
        try (SyntheticImage image = SyntheticImage.open(disk, disk.writeRaw(folder.resolve("disk.raw")), 48 * K)) {
            RecordingWriter writer = new RecordingWriter(8 * K, size, Integer.MAX_VALUE);
            List<PlannedRange> delivered = new ArrayList<>();

            ChunkPipeline.forConversion(image, writer, options).run(0, chunk -> {
                delivered.add(chunk.range());
                commitAll(writer, chunk);
            });

            // A run crossing a chunk boundary is committed as two chunks; merged they must be the non-zero units.
            assertThat(merged(writer.commits())).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(nonZeroUnits(folder.resolve("disk.raw"), size, 8 * K));
            assertThat(delivered.get(0).start()).isZero();
            for (int i = 1; i < delivered.size(); i++) {
                assertThat(delivered.get(i).start()).isEqualTo(delivered.get(i - 1).end());
            }
            assertThat(delivered.get(delivered.size() - 1).end()).isEqualTo(size);
            assertThat(image.bytesRead()).isEqualTo(image.dataBytes());
        }
    }

    private static void commitAll(RecordingWriter writer, ProcessedChunk chunk) {
        for (EncodedChunk encoded : chunk.encoded()) {
            writer.commit(encoded);
        }
    }

    private static List<long[]> merged(List<long[]> ranges) {
        List<long[]> merged = new ArrayList<>();
        for (long[] range : ranges) {
            if (!merged.isEmpty() && merged.get(merged.size() - 1)[1] == range[0]) {
                merged.get(merged.size() - 1)[1] = range[1];
            } else {
                merged.add(range.clone());
            }
        }
        return merged;
    }

    /** The runs of non-zero units of a raw file, found the slow and obvious way. */
    private static List<long[]> nonZeroUnits(Path raw, long size, int unit) throws IOException {
        byte[] content = Files.readAllBytes(raw);
        List<long[]> runs = new ArrayList<>();
        for (long start = 0; start < size; start += unit) {
            long end = Math.min(size, start + unit);
            boolean zero = true;
            for (long i = start; i < end && zero; i++) {
                zero = content[(int) i] == 0;
            }
            if (zero) {
                continue;
            }
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == start) {
                runs.get(runs.size() - 1)[1] = end;
            } else {
                runs.add(new long[] { start, end });
            }
        }
        return runs;
    }
}
