package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.Test;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageInfo;

class PlanAheadTest {

    private static final int K = 1024;

    @Test
    void deliversTheSameStepsAsThePlannerItself() throws IOException {
        ExtentListImage image = ExtentListImage.alternating(true, 1200 * K, 300 * K, 40 * K, 900 * K, 120 * K);
        List<PlannedRange> expected = new ArrayList<>();
        ChunkPlanner direct = new ChunkPlanner(image, 4 * K, 64 * K, 0);
        for (PlannedRange range = direct.next(); range != null; range = direct.next()) {
            expected.add(range);
        }

        List<PlannedRange> planned = new ArrayList<>();
        try (PlanAhead plan = new PlanAhead(new ChunkPlanner(image, 4 * K, 64 * K, 0))) {
            for (PlannedRange range = plan.next(); range != null; range = plan.next()) {
                planned.add(range);
            }
        }

        // More steps than the planner may run ahead, so its queue fills and drains.
        assertThat(planned).isEqualTo(expected).hasSizeGreaterThan(20);
    }

    @Test
    void handsOnTheSourcesFailureInPlaceOfTheStepItSpoiled() throws IOException {
        DiskImage image = new QueriedImage(new ExtentListImage(List.of(Extent.data(0, 1024 * K))), offset -> {
            if (offset >= 256 * K) {
                throw new IllegalStateException("grain table at " + offset + " is damaged");
            }
        });

        try (PlanAhead plan = new PlanAhead(new ChunkPlanner(image, 4 * K, 64 * K, 0))) {
            for (int step = 0; step < 4; step++) {
                assertThat(plan.next().start()).isEqualTo(step * 64L * K);
            }
            assertThatThrownBy(plan::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("damaged");
        }
    }

    @Test
    void closingStopsAPlannerThatIsFarAheadAndNoLongerTouchesTheSource() throws IOException {
        AtomicInteger queries = new AtomicInteger();
        DiskImage image = new QueriedImage(new ExtentListImage(List.of(Extent.data(0, 1L << 30))),
                offset -> queries.incrementAndGet());

        PlanAhead plan = new PlanAhead(new ChunkPlanner(image, 4 * K, 4 * K, 0));
        assertThat(plan.next().start()).isZero();
        plan.close();
        int queriesAtClose = queries.get();

        // A 1 GiB disk in 4 KiB steps: the planner was stopped long before the end, and stays stopped.
        assertThat(queriesAtClose).isLessThan(1000);
        assertThat(queries.get()).isEqualTo(queriesAtClose);
    }

    /** An image that tells {@code onQuery} about every extent query before answering it. */
    private record QueriedImage(ExtentListImage image, LongConsumer onQuery) implements DiskImage {

        @Override
        public ImageFormat format() {
            return image.format();
        }

        @Override
        public long virtualSize() {
            return image.virtualSize();
        }

        @Override
        public void read(long offset, ByteBuffer destination) {
            image.read(offset, destination);
        }

        @Override
        public Extent extent(long offset, long maxLength) {
            onQuery.accept(offset);
            return image.extent(offset, maxLength);
        }

        @Override
        public ImageInfo info() {
            return image.info();
        }

        @Override
        public void close() {
        }
    }
}
