package dev.ferry.disk.testing;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A file's bytes as a template with patches laid over it and a length of its own, so that a fuzz test can damage a
 * multi-megabyte image thousands of times a second without copying it. Not thread-safe while being patched; reads
 * of a finished one are.
 */
public final class PatchedBytes {

    private final byte[] template;
    private final NavigableMap<Long, byte[]> patches = new TreeMap<>();
    private long size;

    public PatchedBytes(byte[] template) {
        this.template = template;
        this.size = template.length;
    }

    public long size() {
        return size;
    }

    /** Cuts the file at {@code length} bytes, or extends it with zeros. */
    public void resize(long length) {
        size = length;
        patches.tailMap(length, true).clear();
    }

    /** Overwrites bytes from {@code offset}; the part beyond the end is dropped. */
    public void write(long offset, byte[] bytes) {
        int length = (int) Math.max(0, Math.min(bytes.length, size - offset));
        for (int i = 0; i < length; i++) {
            // One patch per byte keeps overlapping writes simple; fuzz tests write a few dozen bytes at most.
            patches.put(offset + i, new byte[] { bytes[i] });
        }
    }

    /** A copy of {@code [offset, offset + length)}, zeros beyond the end. */
    public byte[] read(long offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        copy(offset, buffer, (int) Math.max(0, Math.min(length, size - offset)));
        return buffer.array();
    }

    /** Puts {@code count} bytes from {@code offset} (all inside the file) into {@code destination}. */
    void copy(long offset, ByteBuffer destination, int count) {
        int start = destination.position();
        long fromTemplate = Math.max(0, Math.min(count, template.length - offset));
        if (fromTemplate > 0) {
            destination.put(template, (int) offset, (int) fromTemplate);
        }
        for (long i = fromTemplate; i < count; i++) {
            destination.put((byte) 0);
        }
        for (Map.Entry<Long, byte[]> patch : patches.subMap(offset, offset + count).entrySet()) {
            destination.put(start + (int) (patch.getKey() - offset), patch.getValue()[0]);
        }
        destination.position(start + count);
    }
}
