package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.ferry.disk.Extent;
import dev.ferry.disk.io.NativeFile;

/**
 * An image file on a local or mounted file system.
 *
 * <p>
 * A conversion reads each byte of a disk once, so what it has read is dropped from the page cache behind it: caching
 * gigabytes that nobody reads again would only push out what the rest of the machine caches, and filling fresh pages
 * costs the kernel far more than reusing the ones just dropped. Each large read (disk data, not the image's tables)
 * drops the span that lies {@link #DROP_LAG} bytes behind it, in whole {@link #DROP_ALIGNMENT} units: the kernel
 * keeps a large folio that a range covers only in part, and reads still in flight on other threads, which lie within
 * the lag, keep their pages. Where an image's data is not laid out in order, a drop can come too early or find
 * nothing: a re-read, never a wrong byte.
 */
public final class FileByteSource implements ByteSource {

    /** Reads at least this large are disk data, dropped from the cache behind them; smaller ones are tables. */
    static final int DROP_AFTER_READ_BYTES = 256 << 10;
    /**
     * How far behind a read its drop lies: beyond the chunks a conversion has in flight with its default settings
     * (32 MiB of buffers, or up to 32 workers' 4 MiB chunks when hashing). Reads further apart than this, by
     * larger settings or an image whose data is out of order, only cost re-reading what was dropped too early.
     */
    static final long DROP_LAG = 128L << 20;
    /** The largest folio the kernel caches a file in with 4 KiB pages (a PMD): drops start and end on these. */
    static final long DROP_ALIGNMENT = 2L << 20;

    private final Path path;
    private final FileChannel channel;
    private final NativeFile file;
    private final FileHoles holes;

    private FileByteSource(Path path, FileChannel channel, NativeFile file) {
        this.path = path;
        this.channel = channel;
        this.file = file;
        this.holes = new FileHoles(file);
    }

    public static FileByteSource open(Path path) throws IOException {
        NativeFile file = NativeFile.open(path);
        if (file != null) {
            try {
                // Through the native descriptor, so that holes are asked of the very file that is read, even if its
                // name is given to another file meanwhile.
                return new FileByteSource(path, FileChannel.open(file.sameFile(), StandardOpenOption.READ), file);
            } catch (IOException | RuntimeException e) {
                file.close(); // no /proc: read the file, holes and all, by its name
            }
        }
        return new FileByteSource(path, FileChannel.open(path, StandardOpenOption.READ), null);
    }

    public Path path() {
        return path;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(long position, ByteBuffer destination) throws IOException {
        int count = channel.read(destination, position);
        if (count >= DROP_AFTER_READ_BYTES && file != null) {
            dropBehind(position, count);
        }
        return count;
    }

    /** Drops the span one lag behind {@code [position, position + count)}; consecutive reads' spans tile the file. */
    private void dropBehind(long position, int count) {
        long from = Math.floorDiv(position - DROP_LAG, DROP_ALIGNMENT) * DROP_ALIGNMENT;
        long to = Math.floorDiv(position + count - DROP_LAG, DROP_ALIGNMENT) * DROP_ALIGNMENT;
        if (to > Math.max(from, 0)) {
            file.dropCached(Math.max(from, 0), to - Math.max(from, 0));
        }
    }

    /** Whether the kernel tells this file's holes (else {@link #allocation} calls everything data). */
    public boolean holesKnown() {
        return holes.canTell();
    }

    /** The file's holes, as the kernel knows them, so that they are skipped rather than read. */
    @Override
    public List<Extent> allocation(long offset, long length) {
        return holes.allocation(offset, length);
    }

    @Override
    public ByteSource openSibling(String relativeName) throws IOException {
        return open(SiblingPaths.confine(path, relativeName));
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (file != null) {
                file.close();
            }
        }
    }
}
