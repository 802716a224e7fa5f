package dev.ferry.disk.io;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * A descriptor of its own on a local file, for the Linux calls the JDK does not offer: {@code lseek} with
 * {@code SEEK_DATA}/{@code SEEK_HOLE} (where a sparse file's holes are) and {@code posix_fadvise} (dropping pages
 * from the page cache). Bound through JNA; where the platform has no such calls, {@link #open} returns null and
 * callers do without: these calls make conversions faster, never different.
 *
 * <p>
 * Calls may come from any number of threads at once; closing waits for them, so that a call never reaches a
 * descriptor number the process has reused for another file.
 */
public final class NativeFile implements Closeable {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    /** Linux's value on every 64-bit architecture but s390x. */
    private static final int POSIX_FADV_DONTNEED = "s390x".equals(Platform.ARCH) ? 6 : 4;
    private static final boolean AVAILABLE = LibC.register();

    /** What {@link #nextData} returns when no data follows: the rest of the file is a hole. */
    public static final long NO_MORE_DATA = Long.MAX_VALUE;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private int descriptor;

    private NativeFile(int descriptor) {
        this.descriptor = descriptor;
    }

    /**
     * Whether the calls are available here. This class binds them when it is initialised, which takes JNA tens of
     * milliseconds (it unpacks its native library): a command line can call this early, on a thread of its own, while
     * it does other work.
     */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Opens {@code path} read-only, or returns null where the calls are not available or it cannot be opened. */
    public static NativeFile open(Path path) {
        if (!AVAILABLE) {
            return null;
        }
        try {
            return new NativeFile(LibC.open(path.toString(), O_RDONLY | O_CLOEXEC));
        } catch (LastErrorException e) {
            return null;
        }
    }

    /**
     * A path that opens this very file, whatever has become of the name it was opened by since: open the JDK's channel
     * through it, and both descriptors are sure to be the same file's.
     */
    public Path sameFile() {
        return Path.of("/proc/self/fd", Integer.toString(descriptor));
    }

    /**
     * The first data at or after {@code offset}: {@link #NO_MORE_DATA} when only a hole follows, -1 when the kernel
     * cannot tell (or the file was closed).
     */
    public long nextData(long offset) {
        lock.readLock().lock();
        try {
            return descriptor < 0 ? -1 : LibC.lseek(descriptor, offset, SEEK_DATA);
        } catch (LastErrorException e) {
            return e.getErrorCode() == ENXIO ? NO_MORE_DATA : -1;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The first hole at or after {@code offset} (every file ends in one); {@code otherwise} if the kernel fails. */
    public long nextHole(long offset, long otherwise) {
        lock.readLock().lock();
        try {
            return descriptor < 0 ? otherwise : LibC.lseek(descriptor, offset, SEEK_HOLE);
        } catch (LastErrorException e) {
            return otherwise;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Asks the kernel to drop the file's cached pages wholly inside {@code [offset, offset + length)}; a length of 0
     * means to the end of the file. Dirty pages are not dropped but their write-back is started, so a later call drops
     * them too. Pages at the range's edges that it covers only in part stay.
     *
     * @return whether the kernel took the advice (false also once closed)
     */
    public boolean dropCached(long offset, long length) {
        lock.readLock().lock();
        try {
            return descriptor >= 0 && LibC.posix_fadvise(descriptor, offset, length, POSIX_FADV_DONTNEED) == 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the descriptor is open. */
    public boolean isOpen() {
        lock.readLock().lock();
        try {
            return descriptor >= 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (descriptor >= 0) {
                LibC.close(descriptor);
            }
        } catch (LastErrorException e) {
            // A read-only descriptor has nothing to flush; failing to close it loses nothing.
        } finally {
            descriptor = -1;
            lock.writeLock().unlock();
        }
    }

    /** The C library calls, bound directly (no proxy) on Linux. */
    private static final class LibC {

        static boolean register() {
            // 64-bit only: the bindings pass offsets as 64-bit longs, which off_t is there.
            if (!Platform.isLinux() || !Platform.is64Bit()) {
                return false;
            }
            try {
                Native.register(LibC.class, Platform.C_LIBRARY_NAME);
                return true;
            } catch (LinkageError | RuntimeException e) {
                // No native JNA for this machine, or no writable place to unpack it: callers do without.
                return false;
            }
        }

        static native int open(String path, int flags) throws LastErrorException;

        static native long lseek(int descriptor, long offset, int whence) throws LastErrorException;

        /** Returns an error number rather than setting errno. */
        static native int posix_fadvise(int descriptor, long offset, long length, int advice);

        static native int close(int descriptor) throws LastErrorException;
    }
}
