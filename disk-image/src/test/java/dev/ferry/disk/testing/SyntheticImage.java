package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageInfo;

/**
 * A {@link DiskImage} over a {@link SyntheticDisk}'s raw file that reports the disk's spans as data extents and
 * everything else as zero extents, the way a sparse format's reader does, and counts what is read. ZERO spans count
 * as data (explicitly written zeros), so converters must find them by looking. Optionally reports extents of at most
 * a given length, like a reader that sees one grain table at a time.
 */
public final class SyntheticImage implements DiskImage {

    private final FileChannel file;
    private final long size;
    private final List<long[]> dataRanges;
    private final long maxExtent;
    private final AtomicLong bytesRead = new AtomicLong();

    private SyntheticImage(FileChannel file, long size, List<long[]> dataRanges, long maxExtent) {
        this.file = file;
        this.size = size;
        this.dataRanges = dataRanges;
        this.maxExtent = maxExtent;
    }

    /** Opens {@code raw}, written by {@code disk.writeRaw}, reporting extents as long as they are. */
    public static SyntheticImage open(SyntheticDisk disk, Path raw) throws IOException {
        return open(disk, raw, Long.MAX_VALUE);
    }

    /** Opens {@code raw}, reporting extents of at most {@code maxExtent} bytes. */
    public static SyntheticImage open(SyntheticDisk disk, Path raw, long maxExtent) throws IOException {
        List<SyntheticDisk.Span> spans = new ArrayList<>(disk.spans());
        spans.sort(Comparator.comparingLong(SyntheticDisk.Span::offset));
        List<long[]> merged = new ArrayList<>();
        for (SyntheticDisk.Span span : spans) {
            if (span.length() == 0) {
                continue;
            }
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span.offset() <= last[1]) {
                last[1] = Math.max(last[1], span.offset() + span.length());
            } else {
                merged.add(new long[] { span.offset(), span.offset() + span.length() });
            }
        }
        return new SyntheticImage(FileChannel.open(raw, StandardOpenOption.READ), disk.size(), merged, maxExtent);
    }

    /** Bytes read through {@link #read} so far. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Bytes inside data extents: what a converter that skips zero extents must read. */
    public long dataBytes() {
        return dataRanges.stream().mapToLong(range -> range[1] - range[0]).sum();
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
        if (offset < 0 || offset + destination.remaining() > size) {
            throw new IllegalArgumentException("read outside the disk: " + offset + "+" + destination.remaining());
        }
        bytesRead.addAndGet(destination.remaining());
        long at = offset;
        while (destination.hasRemaining()) {
            int count = file.read(destination, at);
            if (count < 0) {
                throw new IOException("raw file shorter than the disk");
            }
            at += count;
        }
    }

    @Override
    public Extent extent(long offset, long maxLength) {
        long limit = Math.min(offset + Math.min(maxLength, maxExtent), size);
        for (long[] range : dataRanges) {
            if (offset < range[0]) {
                return Extent.zeros(offset, Math.min(range[0], limit) - offset);
            }
            if (offset < range[1]) {
                return Extent.data(offset, Math.min(range[1], limit) - offset);
            }
        }
        return Extent.zeros(offset, limit - offset);
    }

    @Override
    public ImageInfo info() {
        return new ImageInfo(ImageFormat.RAW, "synthetic", size, size, 0, null, Map.of(), List.of());
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
