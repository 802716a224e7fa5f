package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.ferry.disk.Extent;
import dev.ferry.disk.convert.PlannedRange.DataChunk;
import dev.ferry.disk.convert.PlannedRange.ZeroRun;

class ChunkPlannerTest {

    private static final int K = 1024;

    @Test
    void zeroExtentsOfWholeGranulesAreSkippedAndDataIsChunked() throws IOException {
        ExtentListImage image = ExtentListImage.alternating(true, 40 * K, 64 * K, 8 * K);

        List<PlannedRange> steps = plan(image, 4 * K, 16 * K, 0);

        assertThat(steps).containsExactly(
                new DataChunk(0, 16 * K, List.of(Extent.data(0, 16 * K))),
                new DataChunk(16 * K, 32 * K, List.of(Extent.data(16 * K, 16 * K))),
                new DataChunk(32 * K, 40 * K, List.of(Extent.data(32 * K, 8 * K))),
                new ZeroRun(40 * K, 104 * K),
                new DataChunk(104 * K, 112 * K, List.of(Extent.data(104 * K, 8 * K))));
    }

    @Test
    void zerosShorterThanAGranuleAreFilledInsteadOfRead() throws IOException {
        ExtentListImage image = ExtentListImage.alternating(true, 5 * K, 2 * K, 9 * K);

        List<PlannedRange> steps = plan(image, 4 * K, 64 * K, 0);

        assertThat(steps).containsExactly(new DataChunk(0, 16 * K,
                List.of(Extent.data(0, 5 * K), Extent.data(7 * K, 9 * K))));
    }

    @Test
    void aChunkEndsWhereAZeroRunsFirstWholeGranuleBegins() throws IOException {
        ExtentListImage image = ExtentListImage.alternating(true, 5 * K, 20 * K, 3 * K);

        List<PlannedRange> steps = plan(image, 4 * K, 64 * K, 0);

        // Zeros 5K..25K: 5K..8K is filled, 8K..24K skipped, 24K..25K filled before the data at 25K.
        assertThat(steps).containsExactly(
                new DataChunk(0, 8 * K, List.of(Extent.data(0, 5 * K))),
                new ZeroRun(8 * K, 24 * K),
                new DataChunk(24 * K, 28 * K, List.of(Extent.data(25 * K, 3 * K))));
    }

    @Test
    void zerosUpToAnUnalignedEndAreSkipped() throws IOException {
        ExtentListImage image = ExtentListImage.alternating(true, 4 * K, 10 * K + 7);

        List<PlannedRange> steps = plan(image, 4 * K, 64 * K, 0);

        assertThat(steps).containsExactly(
                new DataChunk(0, 4 * K, List.of(Extent.data(0, 4 * K))),
                new ZeroRun(4 * K, 14 * K + 7));
    }

    @Test
    void adjacentDataExtentsAreMergedIntoOneRead() throws IOException {
        List<Extent> pieces = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pieces.add(Extent.data(i * 2L * K, 2 * K));
        }

        List<PlannedRange> steps = plan(new ExtentListImage(pieces), 4 * K, 64 * K, 0);

        assertThat(steps).containsExactly(new DataChunk(0, 16 * K, List.of(Extent.data(0, 16 * K))));
    }

    @Test
    void startsFromAResumeOffset() throws IOException {
        ExtentListImage image = ExtentListImage.alternating(true, 32 * K);

        List<PlannedRange> steps = plan(image, 4 * K, 8 * K, 24 * K);

        assertThat(steps).extracting(PlannedRange::start).containsExactly(24L * K);
    }

    @Test
    void anyExtentMapIsCoveredExactlyWithStepsOnGranuleBoundaries() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 300; round++) {
            long granule = 1L << random.nextInt(9, 14);
            long chunkSize = granule * random.nextInt(1, 9);
            long[] lengths = new long[random.nextInt(1, 30)];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = random.nextLong(1, 5 * granule);
            }
            ExtentListImage image = ExtentListImage.alternating(random.nextBoolean(), lengths);

            List<PlannedRange> steps = plan(image, granule, chunkSize, 0);

            long expected = 0;
            for (PlannedRange step : steps) {
                assertThat(step.start()).isEqualTo(expected);
                assertThat(step.start() % granule).isZero();
                assertThat(step.end() % granule == 0 || step.end() == image.virtualSize()).isTrue();
                if (step instanceof DataChunk chunk) {
                    assertThat(chunk.length()).isLessThanOrEqualTo(chunkSize);
                    assertThat(chunk.dataExtents()).isEqualTo(dataWithin(image, chunk.start(), chunk.end()));
                } else {
                    assertThat(dataWithin(image, step.start(), step.end())).isEmpty();
                }
                expected = step.end();
            }
            assertThat(expected).isEqualTo(image.virtualSize());
        }
    }

    private static List<PlannedRange> plan(ExtentListImage image, long granule, long chunkSize, long from)
            throws IOException {
        ChunkPlanner planner = new ChunkPlanner(image, granule, chunkSize, from);
        List<PlannedRange> steps = new ArrayList<>();
        for (PlannedRange step = planner.next(); step != null; step = planner.next()) {
            steps.add(step);
        }
        return steps;
    }

    /** The data extents of the image clipped to {@code [start, end)}, adjacent ones merged. */
    private static List<Extent> dataWithin(ExtentListImage image, long start, long end) {
        List<Extent> data = new ArrayList<>();
        for (Extent extent : image.extents()) {
            long from = Math.max(start, extent.offset());
            long to = Math.min(end, extent.end());
            if (extent.zero() || from >= to) {
                continue;
            }
            if (!data.isEmpty() && data.get(data.size() - 1).end() == from) {
                Extent last = data.remove(data.size() - 1);
                data.add(Extent.data(last.offset(), to - last.offset()));
            } else {
                data.add(Extent.data(from, to - from));
            }
        }
        return data;
    }
}
