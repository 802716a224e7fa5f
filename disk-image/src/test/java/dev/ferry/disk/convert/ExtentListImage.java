package dev.ferry.disk.convert;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageInfo;

/** An image made only of an extent map, for planning tests: data reads as 0xAB, zero extents as zeros. */
final class ExtentListImage implements DiskImage {

    private final List<Extent> extents;
    private final long size;

    ExtentListImage(List<Extent> extents) {
        this.extents = List.copyOf(extents);
        this.size = extents.isEmpty() ? 0 : extents.get(extents.size() - 1).end();
    }

    /** Builds the map from alternating lengths, starting with data when {@code dataFirst}. */
    static ExtentListImage alternating(boolean dataFirst, long... lengths) {
        List<Extent> extents = new ArrayList<>();
        long offset = 0;
        boolean zero = !dataFirst;
        for (long length : lengths) {
            extents.add(new Extent(offset, length, zero));
            offset += length;
            zero = !zero;
        }
        return new ExtentListImage(extents);
    }

    List<Extent> extents() {
        return extents;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.RAW;
    }

    @Override
    public long virtualSize() {
        return size;
    }

    @Override
    public void read(long offset, ByteBuffer destination) {
        while (destination.hasRemaining()) {
            long at = offset + destination.position();
            Extent extent = extentAt(at);
            destination.put(extent.zero() ? 0 : (byte) 0xAB);
        }
    }

    @Override
    public Extent extent(long offset, long maxLength) {
        Extent extent = extentAt(offset);
        return new Extent(offset, Math.min(maxLength, extent.end() - offset), extent.zero());
    }

    @Override
    public ImageInfo info() {
        return new ImageInfo(ImageFormat.RAW, "test", size, size, 0, null, Map.of(), List.of());
    }

    @Override
    public void close() {
    }

    private Extent extentAt(long offset) {
        for (Extent extent : extents) {
            if (offset < extent.end()) {
                return extent;
            }
        }
        throw new IllegalArgumentException("offset " + offset + " beyond " + size);
    }
}
