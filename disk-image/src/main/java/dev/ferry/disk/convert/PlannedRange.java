package dev.ferry.disk.convert;

import java.util.List;

import dev.ferry.disk.Extent;

/** A step of a conversion's walk over the source, in guest order: either a chunk to read or a run to skip. */
sealed interface PlannedRange {

    long start();

    long end();

    default long length() {
        return end() - start();
    }

    /**
     * Guest bytes to read and check for zeros. Only {@code dataExtents} are read; the rest of the chunk is known to
     * be zero.
     */
    record DataChunk(long start, long end, List<Extent> dataExtents) implements PlannedRange {

        public DataChunk {
            dataExtents = List.copyOf(dataExtents);
        }

        long bytesToRead() {
            return dataExtents.stream().mapToLong(Extent::length).sum();
        }
    }

    /** Guest bytes the source reports as zero: neither read nor written. */
    record ZeroRun(long start, long end) implements PlannedRange {
    }
}
