package dev.ferry.disk.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.GuestRange;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.source.ByteSource;

/** A raw image: the file is the disk. Allocation comes from the source where it can tell (NBD block status). */
public final class RawImage implements DiskImage {

    private final ByteSource source;
    private final long size;

    public RawImage(ByteSource source) throws IOException {
        this.source = Objects.requireNonNull(source);
        this.size = source.size();
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
    public void read(long offset, ByteBuffer destination) throws IOException {
        GuestRange.require(offset, destination.remaining(), size);
        source.readFully(offset, destination);
    }

    @Override
    public Extent extent(long offset, long maxLength) throws IOException {
        GuestRange.requireExtent(offset, maxLength, size);
        long length = Math.min(maxLength, size - offset);
        return source.storedRun(offset, offset, length);
    }

    @Override
    public ImageInfo info() throws IOException {
        return new ImageInfo(ImageFormat.RAW, "raw", size, size, 0, null, Map.of(), List.of());
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
