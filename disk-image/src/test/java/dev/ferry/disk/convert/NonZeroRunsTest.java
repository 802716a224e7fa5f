package dev.ferry.disk.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class NonZeroRunsTest {

    @Test
    void findsExactlyTheNonZeroUnitsOfRandomSparsePatterns() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            int unit = 1 << random.nextInt(9, 14);
            int length = random.nextInt(1, 40) * unit - (random.nextBoolean() ? random.nextInt(unit) : 0);
            ByteBuffer data = ByteBuffer.allocateDirect(length);
            for (int poke = random.nextInt(0, 6); poke > 0; poke--) {
                data.put(random.nextInt(length), (byte) random.nextInt(1, 256));
            }

            List<int[]> runs = new ArrayList<>();
            NonZeroRuns.forEach(data, length, unit, (from, to) -> runs.add(new int[] { from, to }));

            assertThat(runs).usingRecursiveFieldByFieldElementComparator().isEqualTo(naiveRuns(data, length, unit));
        }
    }

    @Test
    void zeroUnitsAcrossMoreThanTheComparisonBufferAreSkipped() throws Exception {
        int length = 3 << 20;
        ByteBuffer data = ByteBuffer.allocate(length);
        data.put(length - 1, (byte) 7);
        List<int[]> runs = new ArrayList<>();
        NonZeroRuns.forEach(data, length, 4096, (from, to) -> runs.add(new int[] { from, to }));
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).containsExactly(length - 4096, length);
    }

    private static List<int[]> naiveRuns(ByteBuffer data, int length, int unit) {
        List<int[]> runs = new ArrayList<>();
        for (int start = 0; start < length; start += unit) {
            boolean zero = true;
            for (int i = start; i < Math.min(length, start + unit); i++) {
                zero &= data.get(i) == 0;
            }
            if (zero) {
                continue;
            }
            int end = Math.min(length, start + unit);
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == start) {
                runs.get(runs.size() - 1)[1] = end;
            } else {
                runs.add(new int[] { start, end });
            }
        }
        return runs;
    }
}
