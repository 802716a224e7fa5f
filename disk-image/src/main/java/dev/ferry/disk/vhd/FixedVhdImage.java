package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import dev.ferry.disk.Extent;
import dev.ferry.disk.GuestRange;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageInfo;
import dev.ferry.disk.source.ByteSource;

/** A fixed VHD: the disk's bytes, then the footer. Allocation comes from the source where it can tell. */
public final class FixedVhdImage implements VhdImage {

    private final ByteSource source;
    private final VhdFooter footer;
    private final long size;
    private final long fileSize;
    private final List<String> warnings;

    FixedVhdImage(ByteSource source, VhdFooter footer, long footerOffset, long size, List<String> warnings)
            throws IOException {
        if (size > footerOffset) {
            throw new ImageFormatException(VhdFooter.FORMAT, footerOffset, "footer describes a disk of " + size
                    + " bytes, but only " + footerOffset + " bytes of data precede it");
        }
        this.source = source;
        this.footer = footer;
        this.size = size;
        this.fileSize = source.size();
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public VhdFooter footer() {
        return footer;
    }

    @Override
    public ImageFormat format() {
        return ImageFormat.VHD;
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
        return source.storedRun(offset, offset, Math.min(maxLength, size - offset));
    }

    @Override
    public ImageInfo info() {
        return new ImageInfo(ImageFormat.VHD, VhdDiskType.FIXED.subformat(), size, fileSize, 0, null,
                footer.details(), warnings);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
