package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.ferry.disk.Extent;

/**
 * A byte range of another source read as a file of its own, such as a disk image stored inside an OVA (a tar
 * archive) without extracting it. Reads never reach outside the range.
 */
public final class ByteRangeSource implements ByteSource {

    private final ByteSource container;
    private final long offset;
    private final long length;
    private final String name;

    private ByteRangeSource(ByteSource container, long offset, long length, String name) {
        this.container = container;
        this.offset = offset;
        this.length = length;
        this.name = name;
    }

    /**
     * The {@code length} bytes of {@code container} from {@code offset}, called {@code name} in messages; takes
     * ownership of {@code container} (closing the range closes it).
     *
     * @throws IOException when the range does not lie within the container
     */
    public static ByteRangeSource of(ByteSource container, long offset, long length, String name)
            throws IOException {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(name, "name");
        long containerSize = container.size();
        if (offset < 0 || length < 0 || offset > containerSize || length > containerSize - offset) {
            throw new IOException(container.describe() + ": " + name + " at offset " + offset + " with " + length
                    + " bytes lies outside the " + containerSize + " bytes of its container");
        }
        return new ByteRangeSource(container, offset, length, name);
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int read(long position, ByteBuffer destination) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (position >= length) {
            return -1;
        }
        long available = length - position;
        if (destination.remaining() <= available) {
            return container.read(offset + position, destination);
        }
        ByteBuffer window = destination.slice().limit((int) available);
        int count = container.read(offset + position, window);
        if (count > 0) {
            destination.position(destination.position() + count);
        }
        return count;
    }

    @Override
    public List<Extent> allocation(long from, long count) throws IOException {
        List<Extent> extents = new ArrayList<>();
        for (Extent extent : container.allocation(offset + from, count)) {
            extents.add(new Extent(extent.offset() - offset, extent.length(), extent.zero()));
        }
        return extents;
    }

    @Override
    public String describe() {
        return container.describe() + " [" + name + "]";
    }

    @Override
    public void close() throws IOException {
        container.close();
    }
}
