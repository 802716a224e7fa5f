package dev.ferry.disk.qcow2;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.disk.ImageFormatException;

/**
 * Decides whether a reader can honour an image's feature bits: refuses what it cannot read correctly and returns
 * warnings for what it can.
 *
 * <p>
 * The dirty bit is accepted with a warning: it only says the refcounts may be stale because the image was not closed
 * cleanly, while the L1/L2 mapping a reader follows is always written before a guest write completes. qemu itself
 * opens dirty images read-only without repairing them. The corrupt bit is refused, although qemu would read such an
 * image: it says any structure may be wrong, and a migration must not carry silently damaged data.
 */
final class ReadableFeatures {

    private static final long KNOWN = Qcow2.INCOMPATIBLE_DIRTY | Qcow2.INCOMPATIBLE_CORRUPT
            | Qcow2.INCOMPATIBLE_EXTERNAL_DATA_FILE | Qcow2.INCOMPATIBLE_COMPRESSION_TYPE
            | Qcow2.INCOMPATIBLE_EXTENDED_L2;

    private ReadableFeatures() {
    }

    /** Returns the warnings for a readable image, or throws naming the first feature it cannot read. */
    static List<String> check(Qcow2Header header, HeaderExtensions extensions) throws ImageFormatException {
        long unknown = header.incompatibleFeatures() & ~KNOWN;
        if (unknown != 0) {
            int bit = Long.numberOfTrailingZeros(unknown);
            String name = extensions.incompatibleFeatureName(bit);
            throw refuse("unknown incompatible feature bit " + bit + (name == null ? "" : " (\"" + name + "\")")
                    + " is set; this reader cannot interpret the image");
        }
        if (header.has(Qcow2.INCOMPATIBLE_CORRUPT)) {
            throw refuse("image is marked corrupt (incompatible feature bit 1); repair it with "
                    + "'qemu-img check -r all' before converting it");
        }
        if (header.has(Qcow2.INCOMPATIBLE_EXTERNAL_DATA_FILE)) {
            String name = extensions.externalDataFile();
            throw refuse("image keeps its data in an external data file" + (name == null ? "" : " '" + name + "'")
                    + ", which is not supported");
        }
        checkCompression(header);
        if (header.has(Qcow2.INCOMPATIBLE_EXTENDED_L2) && header.clusterBits() < Qcow2.MIN_EXTENDED_L2_CLUSTER_BITS) {
            throw new ImageFormatException(Qcow2.FORMAT, 20, "extended L2 entries need clusters of at least 16 KiB, "
                    + "but cluster_bits is " + header.clusterBits());
        }
        List<String> warnings = new ArrayList<>();
        if (header.has(Qcow2.INCOMPATIBLE_DIRTY)) {
            warnings.add("image is marked dirty (not closed cleanly): its refcounts may be stale; the data mapping "
                    + "is read as it is, as qemu does for read-only opens");
        }
        if (extensions.externalDataFile() != null) {
            warnings.add("image names an external data file '" + extensions.externalDataFile()
                    + "' without using one; the name is ignored");
        }
        return warnings;
    }

    private static void checkCompression(Qcow2Header header) throws ImageFormatException {
        int type = header.compressionType();
        boolean flagged = header.has(Qcow2.INCOMPATIBLE_COMPRESSION_TYPE);
        if (type == Qcow2.COMPRESSION_ZLIB && !flagged) {
            return;
        }
        if (type == Qcow2.COMPRESSION_ZLIB || !flagged) {
            throw new ImageFormatException(Qcow2.FORMAT, 104, "compression type " + type
                    + " contradicts the compression type feature bit (" + (flagged ? "set" : "clear") + ")");
        }
        throw new ImageFormatException(Qcow2.FORMAT, 104, (type == Qcow2.COMPRESSION_ZSTD ? "zstd compression"
                : "compression type " + type) + " is not supported (only zlib); re-compress the image with "
                + "'qemu-img convert -c -o compression_type=zlib' or convert it uncompressed");
    }

    private static ImageFormatException refuse(String problem) {
        return new ImageFormatException(Qcow2.FORMAT, 72, problem);
    }
}
