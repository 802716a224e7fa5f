package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.FormatProbe;
import dev.ferry.disk.ImageFormat;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;

/**
 * Recognises a VHD by the "conectix" footer at its end, or, for a dynamic disk whose end was lost, by the footer copy
 * at its start. A fixed VHD has nothing else to recognise it by.
 */
public final class VhdProbe implements FormatProbe {

    @Override
    public ImageFormat format() {
        return ImageFormat.VHD;
    }

    @Override
    public boolean matches(ByteBuffer head, ByteBuffer tail, long size) {
        if (size < VhdFooter.SIZE) {
            return false;
        }
        boolean footerAtEnd = tail.remaining() >= VhdFooter.SIZE
                && VhdFooter.hasCookie(tail.slice(tail.limit() - VhdFooter.SIZE, VhdFooter.SIZE));
        return footerAtEnd || VhdFooter.hasCookie(head);
    }

    @Override
    public DiskImage open(ByteSource source, ImageOpener opener) throws IOException {
        StructureReader reader = new StructureReader(source, VhdFooter.FORMAT);
        long footerOffset = reader.fileSize() - VhdFooter.SIZE;
        List<String> warnings = new ArrayList<>();
        LocatedFooter located = readFooter(reader, footerOffset, warnings);
        VhdFooter footer = located.footer();
        long diskSize = footer.diskSize();
        if (diskSize < 0 || diskSize > VhdFooter.MAXIMUM_DISK_SIZE) {
            throw new ImageFormatException(VhdFooter.FORMAT, footerOffset + 48, "disk size " + diskSize
                    + " exceeds the 2,040 GiB the format allows");
        }
        long size = diskSize / DiskGeometry.SECTOR * DiskGeometry.SECTOR;
        if (size != diskSize) {
            warnings.add("disk size " + diskSize + " is not a whole number of sectors; reading " + size + " bytes");
        }
        if (footer.diskType() == VhdDiskType.FIXED) {
            return new FixedVhdImage(source, footer, footerOffset, size, warnings);
        }
        return DynamicVhdImage.open(source, footer, size, located.dataLimit(), warnings, opener);
    }

    /** A verified footer and the offset where block data must end (the end's footer, or the end of the file). */
    private record LocatedFooter(VhdFooter footer, long dataLimit) {
    }

    /**
     * The footer at the end; for a dynamic disk the copy at offset 0 stands in when the end's footer is missing or
     * damaged (as after an interrupted write), and a damaged copy is worth a warning.
     */
    private static LocatedFooter readFooter(StructureReader reader, long footerOffset, List<String> warnings)
            throws IOException {
        ByteBuffer atEnd = reader.read(footerOffset, VhdFooter.SIZE, "footer");
        ByteBuffer atStart = reader.read(0, VhdFooter.SIZE, "footer copy");
        ImageFormatException endProblem;
        try {
            VhdFooter footer = VhdFooter.parse(atEnd, footerOffset);
            if (footer.diskType() != VhdDiskType.FIXED && !atStart.equals(atEnd.rewind())) {
                warnings.add("the footer copy at offset 0 differs from the footer at the end; using the end's");
            }
            return new LocatedFooter(footer, footerOffset);
        } catch (ImageFormatException e) {
            endProblem = e;
        }
        if (!VhdFooter.hasCookie(atStart)) {
            throw endProblem;
        }
        VhdFooter copy;
        try {
            copy = VhdFooter.parse(atStart, 0);
        } catch (ImageFormatException e) {
            endProblem.addSuppressed(e);
            throw endProblem;
        }
        if (copy.diskType() == VhdDiskType.FIXED) {
            throw endProblem;
        }
        warnings.add("the footer at the end is unusable (" + endProblem.getMessage() + "); using the copy at offset 0");
        return new LocatedFooter(copy, reader.fileSize());
    }
}
