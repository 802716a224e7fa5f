package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.write.DiskImageWriter;

/**
 * A deliberately plain, single-threaded copy from an image into a writer, for testing readers and writers on their
 * own without the conversion pipeline. Skips what the source says is zero and commits only non-zero aligned units,
 * the way the pipeline does.
 */
public final class SimpleCopy {

    private static final int CHUNK = 4 << 20;

    private SimpleCopy() {
    }

    /** Copies {@code [from, to)} of the source; both must be multiples of the writer's alignment (or the end). */
    public static void copy(DiskImage source, DiskImageWriter writer, long from, long to) throws IOException {
        int unit = writer.alignment();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long offset = from;
        while (offset < to) {
            long chunkEnd = Math.min(to, offset + CHUNK);
            Extent extent = source.extent(offset, chunkEnd - offset);
            // A zero run is skipped only up to a unit boundary (file holes may be finer than the writer's unit);
            // a run shorter than that is read like data, and its zeros found there.
            long skipTo = extent.end() == to ? to : extent.end() / unit * unit;
            if (extent.zero() && skipTo > offset) {
                offset = skipTo;
                continue;
            }
            // Round the data run out to whole units so commits stay aligned.
            long end = Math.min(to, roundUp(extent.end(), unit));
            end = Math.min(end, chunkEnd);
            buffer.clear().limit((int) (end - offset));
            source.read(offset, buffer);
            buffer.flip();
            commitNonZeroUnits(writer, offset, buffer, unit);
            offset = end;
        }
    }

    /** Copies the whole source and finishes the writer. */
    public static void copyAll(DiskImage source, DiskImageWriter writer) throws IOException {
        copy(source, writer, 0, source.virtualSize());
        writer.finish(true);
    }

    private static void commitNonZeroUnits(DiskImageWriter writer, long offset, ByteBuffer data, int unit)
            throws IOException {
        int position = 0;
        int length = data.remaining();
        while (position < length) {
            while (position < length && isZero(data, position, Math.min(unit, length - position))) {
                position += unit;
            }
            int start = position;
            while (position < length && !isZero(data, position, Math.min(unit, length - position))) {
                position += unit;
            }
            int end = Math.min(position, length);
            if (end > start) {
                ByteBuffer slice = data.duplicate().position(start).limit(end).slice();
                writer.commit(writer.encode(offset + start, slice));
            }
        }
    }

    private static boolean isZero(ByteBuffer data, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (data.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static long roundUp(long value, int unit) {
        return (value + unit - 1) / unit * unit;
    }
}
