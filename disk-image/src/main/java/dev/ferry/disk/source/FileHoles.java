package dev.ferry.disk.source;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import dev.ferry.disk.Extent;

/**
 * Where a local file has data and where it has holes, asked of the kernel with {@code lseek(SEEK_DATA/SEEK_HOLE)}
 * (Linux, through JNA, as the JDK offers no such call), so that converting a sparse raw disk never reads its holes.
 * Where the kernel or JNA cannot tell, everything counts as data: always correct, only slower.
 */
final class FileHoles implements Closeable {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    private static final boolean AVAILABLE = LibC.register();

    /** The descriptor asked, or -1 when nobody can tell. Not the channel's: the JDK does not hand that out. */
    private int descriptor;

    private FileHoles(int descriptor) {
        this.descriptor = descriptor;
    }

    /** Opens {@code path} for questions about its holes; one that cannot tell when the platform cannot. */
    static FileHoles open(Path path) {
        if (!AVAILABLE) {
            return new FileHoles(-1);
        }
        try {
            return new FileHoles(LibC.open(path.toString(), O_RDONLY | O_CLOEXEC));
        } catch (LastErrorException e) {
            return new FileHoles(-1);
        }
    }

    /** Whether this file's holes are known (else every range is reported as data). */
    synchronized boolean canTell() {
        return descriptor >= 0;
    }

    /**
     * Covers {@code [offset, offset + length)}: its first run exactly (data or hole), then the rest, if any, as one
     * data extent for the caller to ask about again. Callers walk a disk one run at a time, so the rest is never
     * looked at here.
     */
    synchronized List<Extent> allocation(long offset, long length) {
        long end = offset + length;
        long data = descriptor < 0 ? -1 : nextData(offset);
        if (data < 0) {
            return List.of(Extent.data(offset, length));
        }
        if (data > offset) {
            return withRest(Extent.zeros(offset, Math.min(data, end) - offset), end);
        }
        return withRest(Extent.data(offset, Math.min(nextHole(offset, end), end) - offset), end);
    }

    private static List<Extent> withRest(Extent first, long end) {
        return first.end() == end ? List.of(first) : List.of(first, Extent.data(first.end(), end - first.end()));
    }

    /** The first hole at or after {@code offset} (every file ends in one); {@code otherwise} if the kernel fails. */
    private long nextHole(long offset, long otherwise) {
        try {
            return LibC.lseek(descriptor, offset, SEEK_HOLE);
        } catch (LastErrorException e) {
            return otherwise;
        }
    }

    /** The first data at or after {@code offset}: {@link Long#MAX_VALUE} when only a hole follows, -1 if unknown. */
    private long nextData(long offset) {
        try {
            return LibC.lseek(descriptor, offset, SEEK_DATA);
        } catch (LastErrorException e) {
            return e.getErrorCode() == ENXIO ? Long.MAX_VALUE : -1;
        }
    }

    @Override
    public synchronized void close() {
        if (descriptor >= 0) {
            try {
                LibC.close(descriptor);
            } catch (LastErrorException e) {
                // A read-only descriptor has nothing to flush; failing to close it loses nothing.
            }
            descriptor = -1;
        }
    }

    /** The three C library calls, bound directly (no proxy) on Linux. */
    private static final class LibC {

        static boolean register() {
            if (!Platform.isLinux()) {
                return false;
            }
            try {
                Native.register(LibC.class, Platform.C_LIBRARY_NAME);
                return true;
            } catch (LinkageError | RuntimeException e) {
                // No native JNA for this machine, or no writable place to unpack it: holes are read, as before.
                return false;
            }
        }

        static native int open(String path, int flags) throws LastErrorException;

        static native long lseek(int descriptor, long offset, int whence) throws LastErrorException;

        static native int close(int descriptor) throws LastErrorException;
    }
}
