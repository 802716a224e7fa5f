package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import dev.ferry.disk.write.DiskImageWriter;
import dev.ferry.disk.write.WriteOptions;
import dev.ferry.disk.write.WriterFactory;

/**
 * Creates VHDX writers: "dynamic" (the default) or "fixed", with 32 MiB blocks as Hyper-V makes them unless
 * {@link WriteOptions#blockSize()} says otherwise. Properties {@code logical-sector-size} (512 by default) and
 * {@code physical-sector-size} (4096 by default) take 512 or 4096. Sizes are rounded up to whole logical sectors;
 * disks over 64 TiB are refused.
 */
public final class VhdxWriterFactory implements WriterFactory {

    public static final String LOGICAL_SECTOR_SIZE = "logical-sector-size";
    public static final String PHYSICAL_SECTOR_SIZE = "physical-sector-size";
    static final int DEFAULT_BLOCK_SIZE = 32 << 20;

    @Override
    public DiskImageWriter create(Path file, long virtualSize, WriteOptions options) throws IOException {
        return VhdxWriter.create(file, parameters(virtualSize, options));
    }

    /** Checks the options and draws fresh GUIDs for a new disk. */
    static VhdxWriter.Parameters parameters(long virtualSize, WriteOptions options) {
        String subformat = options.subformat() == null ? "dynamic" : options.subformat().toLowerCase(Locale.ROOT);
        if (!subformat.equals("dynamic") && !subformat.equals("fixed")) {
            throw new IllegalArgumentException("VHDX subformat must be 'dynamic' or 'fixed', not '"
                    + options.subformat() + "'");
        }
        long blockSize = options.blockSize() == 0 ? DEFAULT_BLOCK_SIZE : options.blockSize();
        if (blockSize < (1 << 20) || blockSize > (256 << 20) || Long.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("VHDX block size must be a power of two from 1 MiB to 256 MiB, not "
                    + blockSize);
        }
        int logical = sectorSize(options, LOGICAL_SECTOR_SIZE, 512);
        int physical = sectorSize(options, PHYSICAL_SECTOR_SIZE, 4096);
        if (virtualSize < 0 || virtualSize > VhdxMetadata.MAXIMUM_DISK_SIZE - logical + 1) {
            throw new IllegalArgumentException("a VHDX holds at most 64 TiB (" + VhdxMetadata.MAXIMUM_DISK_SIZE
                    + " bytes); " + virtualSize + " bytes requested");
        }
        return new VhdxWriter.Parameters(virtualSize, subformat.equals("fixed"), (int) blockSize, logical, physical,
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    }

    private static int sectorSize(WriteOptions options, String property, int defaultSize) {
        String value = options.properties().get(property);
        if (value == null) {
            return defaultSize;
        }
        int size;
        try {
            size = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size != 512 && size != 4096) {
            throw new IllegalArgumentException(property + " must be 512 or 4096, not '" + value + "'");
        }
        return size;
    }

    @Override
    public DiskImageWriter resume(Path file, byte[] state) throws IOException {
        return VhdxWriter.resume(file, state);
    }
}
