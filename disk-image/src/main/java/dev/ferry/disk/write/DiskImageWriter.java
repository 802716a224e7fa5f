package dev.ferry.disk.write;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes a new image of one format. The conversion pipeline drives it in two phases so that CPU-heavy work runs in
 * parallel while the file layout stays deterministic:
 * <ol>
 * <li>{@link #encode} may be called from several threads at once, for any chunks, in any order. It does the CPU work
 * (compression) and returns something {@link #commit} can write.</li>
 * <li>{@link #commit} is called from one thread, with chunks in strictly ascending, non-overlapping guest offsets. It
 * allocates space and writes. Ranges that are never committed read as zeros in the finished image.</li>
 * </ol>
 * Chunk offsets are multiples of {@link #alignment()}, except that the last chunk may end at the virtual size.
 * Nothing is visible as a good image until {@link #finish()} returns; after a crash, {@link WriterFactory#resume}
 * continues from the last {@link #checkpoint()}.
 */
public interface DiskImageWriter extends Closeable {

    /** Guest offsets of committed chunks must be multiples of this (a power of two, at most 4 MiB). */
    int alignment();

    /**
     * Prepares data for commit. {@code data} holds guest bytes for {@code [offset, offset + data.remaining())} and
     * must not be retained after the returned chunk has been committed. Thread-safe.
     */
    EncodedChunk encode(long offset, ByteBuffer data) throws IOException;

    /** Writes an encoded chunk. Single-threaded, ascending offsets. */
    void commit(EncodedChunk chunk) throws IOException;

    /**
     * Makes everything committed so far durable (fsync) and returns the writer's state, from which
     * {@link WriterFactory#resume} rebuilds an equivalent writer. Called between commits.
     */
    byte[] checkpoint() throws IOException;

    /**
     * Writes the remaining metadata (tables, footers) and closes the file.
     *
     * @param durable whether to make the file durable (fsync) before closing it; without, the finished image is
     *        complete for every reader, but a machine crash soon after can lose what the page cache still holds
     */
    void finish(boolean durable) throws IOException;

    /** Releases resources; after an unfinished write the file is left as it is, to be resumed or deleted. */
    @Override
    void close() throws IOException;
}
