package dev.ferry.disk.vmdk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.ZeroBytes;

/**
 * One grain of a chunk handed to a writer: its number on the disk and its bytes, always a whole grain (the last grain
 * of a disk that is not a multiple of the grain size is zero-padded, as qemu and VMware store it).
 */
record Grain(long number, ByteBuffer data) {

    /**
     * Splits {@code data}, guest bytes from {@code offset}, into grains and leaves out those that are all zero, so that
     * writers never store zeros.
     *
     * @throws IllegalArgumentException when the chunk is not whole grains within the disk
     */
    static List<Grain> nonZero(long offset, ByteBuffer data, int grainBytes, long virtualSize) {
        int length = data.remaining();
        if (offset < 0 || offset % grainBytes != 0 || length <= 0 || length > virtualSize - offset
                || (length % grainBytes != 0 && offset + length != virtualSize)) {
            throw new IllegalArgumentException("chunk of " + length + " bytes at " + offset + " is not whole "
                    + grainBytes + "-byte grains within a disk of " + virtualSize + " bytes");
        }
        List<Grain> grains = new ArrayList<>();
        for (int start = 0; start < length; start += grainBytes) {
            int size = Math.min(grainBytes, length - start);
            int from = data.position() + start;
            if (ZeroBytes.isZero(data, from, from + size)) {
                continue;
            }
            ByteBuffer grain = data.slice(from, size);
            if (size < grainBytes) {
                grain = ByteBuffer.allocate(grainBytes).put(grain).clear();
            }
            grains.add(new Grain((offset + start) / grainBytes, grain));
        }
        return grains;
    }
}
