package dev.ferry.disk.source;

import java.util.List;

import dev.ferry.disk.Extent;
import dev.ferry.disk.io.NativeFile;

/**
 * Where a local file has data and where it has holes, asked of the kernel with {@code lseek(SEEK_DATA/SEEK_HOLE)}, so
 * that converting a sparse raw disk never reads its holes. Where the kernel cannot tell, everything counts as data:
 * always correct, only slower.
 */
final class FileHoles {

    /** The file asked, or null when nobody can tell. */
    private final NativeFile file;

    FileHoles(NativeFile file) {
        this.file = file;
    }

    /** Whether this file's holes are known (else every range is reported as data). */
    boolean canTell() {
        return file != null && file.isOpen();
    }

    /**
     * Covers {@code [offset, offset + length)}: its first run exactly (data or hole), then the rest, if any, as one
     * data extent for the caller to ask about again. Callers walk a disk one run at a time, so the rest is never
     * looked at here.
     */
    List<Extent> allocation(long offset, long length) {
        long end = offset + length;
        long data = file == null ? -1 : file.nextData(offset);
        if (data < 0) {
            return List.of(Extent.data(offset, length));
        }
        if (data > offset) {
            return withRest(Extent.zeros(offset, Math.min(data, end) - offset), end);
        }
        return withRest(Extent.data(offset, Math.min(file.nextHole(offset, end), end) - offset), end);
    }

    private static List<Extent> withRest(Extent first, long end) {
        return first.end() == end ? List.of(first) : List.of(first, Extent.data(first.end(), end - first.end()));
    }
}
