package dev.ferry.disk.convert;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.convert.PlannedRange.DataChunk;
import dev.ferry.disk.convert.PlannedRange.ZeroRun;

/**
 * Walks a source's extents and cuts the disk into the conversion's steps. Every step starts on a granule boundary
 * (the writer's alignment, or a digest leaf) and ends on one or at the end of the disk. A zero extent that covers
 * whole granules becomes a {@link ZeroRun} that is never read; the rest becomes {@link DataChunk}s of at most the
 * chunk size, which may contain short zero extents that are filled in rather than read.
 */
final class ChunkPlanner {

    private final DiskImage source;
    private final long size;
    private final long granule;
    private final long chunkSize;
    private long position;

    /**
     * @param granule power of two at which steps start and end
     * @param chunkSize a multiple of {@code granule}
     * @param from where to start, a multiple of {@code granule} or the end of the disk
     */
    ChunkPlanner(DiskImage source, long granule, long chunkSize, long from) {
        this.source = source;
        this.size = source.virtualSize();
        this.granule = granule;
        this.chunkSize = chunkSize;
        if (Long.bitCount(granule) != 1 || chunkSize % granule != 0) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is not a multiple of granule " + granule);
        }
        if (from < 0 || from > size || (from % granule != 0 && from != size)) {
            throw new IllegalArgumentException("cannot start at " + from + ": not a multiple of " + granule);
        }
        this.position = from;
    }

    /** The next step, or null at the end of the disk. */
    PlannedRange next() throws IOException {
        if (position >= size) {
            return null;
        }
        long start = position;
        Extent first = extentAt(start, size - start);
        if (first.zero() && wholeGranulesEnd(first) > start) {
            position = wholeGranulesEnd(first);
            return new ZeroRun(start, position);
        }
        long end = Math.min(size, start + chunkSize);
        List<Extent> data = new ArrayList<>();
        long at = start;
        Extent extent = first.end() > end ? new Extent(start, end - start, first.zero()) : first;
        while (true) {
            if (extent.zero() && wholeGranulesEnd(extent) > granuleAtOrAfter(at)) {
                // A skippable zero run begins inside this chunk: end the chunk where the run's first whole granule
                // starts, so the next step can skip it.
                end = granuleAtOrAfter(at);
                break;
            }
            if (!extent.zero()) {
                addMerged(data, extent);
            }
            at = extent.end();
            if (at >= end) {
                break;
            }
            extent = extentAt(at, end - at);
        }
        position = end;
        return new DataChunk(start, end, clip(data, end));
    }

    private Extent extentAt(long offset, long maxLength) throws IOException {
        Extent extent = source.extent(offset, maxLength);
        if (extent == null || extent.offset() != offset || extent.length() > maxLength) {
            throw new IllegalStateException(source.format().displayName() + " reader returned extent " + extent
                    + " for a query at " + offset + " of at most " + maxLength + " bytes");
        }
        return extent;
    }

    /** End of the last whole granule inside a zero extent, or the end of the disk when the extent reaches it. */
    private long wholeGranulesEnd(Extent zero) {
        return zero.end() == size ? size : zero.end() - zero.end() % granule;
    }

    private long granuleAtOrAfter(long offset) {
        long rounded = (offset + granule - 1) / granule * granule;
        return Math.min(size, rounded);
    }

    private static void addMerged(List<Extent> data, Extent extent) {
        if (!data.isEmpty() && data.get(data.size() - 1).end() == extent.offset()) {
            Extent last = data.remove(data.size() - 1);
            data.add(Extent.data(last.offset(), last.length() + extent.length()));
        } else {
            data.add(extent);
        }
    }

    private static List<Extent> clip(List<Extent> data, long end) {
        List<Extent> clipped = new ArrayList<>(data.size());
        for (Extent extent : data) {
            if (extent.offset() < end) {
                clipped.add(Extent.data(extent.offset(), Math.min(extent.end(), end) - extent.offset()));
            }
        }
        return clipped;
    }
}
