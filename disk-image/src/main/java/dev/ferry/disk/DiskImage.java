package dev.ferry.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A virtual disk as the guest sees it: {@link #virtualSize()} bytes, some of them known to be zero.
 *
 * <p>
 * Implementations must allow concurrent {@link #read} and {@link #extent} calls from several threads: the conversion
 * pipeline decodes chunks in parallel, which is where compressed formats gain over single-threaded tools.
 */
public interface DiskImage extends Closeable {

    ImageFormat format();

    /** Guest-visible size in bytes. */
    long virtualSize();

    /**
     * Fills {@code destination} with guest-visible bytes starting at {@code offset}. Unallocated ranges read as zeros
     * (or as the backing image's bytes where there is one).
     *
     * @throws ImageFormatException when the image's metadata is inconsistent (the message names the offset)
     * @throws IllegalArgumentException when the range lies outside the virtual disk
     */
    void read(long offset, ByteBuffer destination) throws IOException;

    /**
     * Says what the range starting at {@code offset} holds, without reading data: the returned extent starts at
     * {@code offset} and is between 1 and {@code maxLength} bytes long. Implementations report the longest run of one
     * kind they can see cheaply (a whole grain table, a run of BAT entries), so callers can skip holes in one step.
     */
    Extent extent(long offset, long maxLength) throws IOException;

    /** What {@code ferry-disk info} reports about this image. */
    ImageInfo info() throws IOException;
}
