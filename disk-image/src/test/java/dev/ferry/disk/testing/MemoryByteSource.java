package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import dev.ferry.disk.source.ByteSource;

/**
 * An image file held in memory, with neighbours it may refer to by name (a parent, a backing file, extents): what
 * fuzz tests open, so that every failure is the reader's and none is the medium's.
 */
public final class MemoryByteSource implements ByteSource {

    private final String name;
    private final PatchedBytes bytes;
    private final Map<String, PatchedBytes> siblings;

    /** {@code name}'s bytes, and the files its folder holds by name (which may include itself). */
    public MemoryByteSource(String name, PatchedBytes bytes, Map<String, PatchedBytes> siblings) {
        this.name = name;
        this.bytes = bytes;
        this.siblings = Map.copyOf(siblings);
    }

    public static MemoryByteSource of(String name, byte[] bytes) {
        return new MemoryByteSource(name, new PatchedBytes(bytes), Map.of());
    }

    @Override
    public long size() {
        return bytes.size();
    }

    @Override
    public int read(long position, ByteBuffer destination) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (position >= bytes.size()) {
            return -1;
        }
        int count = (int) Math.min(destination.remaining(), bytes.size() - position);
        bytes.copy(position, destination, count);
        return count;
    }

    @Override
    public ByteSource openSibling(String relativeName) throws IOException {
        PatchedBytes sibling = siblings.get(relativeName);
        if (sibling == null) {
            throw new NoSuchFileException(relativeName, null, "no such file next to " + name);
        }
        return new MemoryByteSource(relativeName, sibling, siblings);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
