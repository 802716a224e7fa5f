package dev.ferry.disk.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.convert.ConversionOptions;
import dev.ferry.disk.convert.TreeDigest;

/**
 * Checks an opened image (opening it already read and checked its metadata): walks every extent, checking that the
 * reader's answers cover the disk exactly, and optionally reads all data, which finds corrupt compressed grains.
 */
final class ImageCheck {

    /**
     * What the check found.
     *
     * @param extents extents walked
     * @param dataBytes guest bytes in data extents
     * @param zeroBytes guest bytes in zero extents
     * @param problems what is wrong, in the order found; empty for a good image
     */
    record Report(long extents, long dataBytes, long zeroBytes, List<String> problems) {
    }

    private ImageCheck() {
    }

    static Report run(DiskImage image, boolean readData, ConversionOptions readOptions) {
        List<String> problems = new ArrayList<>();
        long extents = 0;
        long dataBytes = 0;
        long zeroBytes = 0;
        long offset = 0;
        long size = image.virtualSize();
        try {
            while (offset < size) {
                Extent extent = image.extent(offset, size - offset);
                if (extent == null || extent.offset() != offset || extent.end() > size) {
                    problems.add("the reader answered " + extent + " when asked for the extent at guest offset "
                            + offset + " of " + size);
                    break;
                }
                extents++;
                if (extent.zero()) {
                    zeroBytes += extent.length();
                } else {
                    dataBytes += extent.length();
                }
                offset = extent.end();
            }
            if (readData && problems.isEmpty()) {
                TreeDigest.of(image, readOptions);
            }
        } catch (ImageFormatException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add("reading failed: " + e.getMessage());
        }
        return new Report(extents, dataBytes, zeroBytes, List.copyOf(problems));
    }
}
