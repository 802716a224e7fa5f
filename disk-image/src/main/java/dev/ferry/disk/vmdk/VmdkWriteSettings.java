package dev.ferry.disk.vmdk;

import static dev.ferry.disk.vmdk.VmdkFormat.SECTOR_SIZE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;

import dev.ferry.disk.write.WriteOptions;

/**
 * What a new VMDK should look like, from {@link WriteOptions}: the subformat, the deflate level and the descriptor's
 * disk database entries.
 *
 * <p>
 * Properties: {@code compression.level} (0-9, default 1: VMware's importers care about the format, not the ratio, and
 * level 1 is several times faster), {@code adapter_type} (ide, buslogic, lsilogic, legacyESX; default lsilogic, which
 * every vSphere version accepts), {@code hwversion} (default 4, the most widely importable), {@code cid} (8 hex
 * digits; random by default, fixed for reproducible output).
 */
record VmdkWriteSettings(
        String subformat,
        long virtualSize,
        int compressionLevel,
        String adapterType,
        String hardwareVersion,
        long cid) {

    static final String STREAM_OPTIMIZED = "streamOptimized";
    static final String MONOLITHIC_SPARSE = "monolithicSparse";
    static final int GRAIN_SIZE = 64 * 1024;

    private static final Set<String> PROPERTIES = Set.of("compression.level", "adapter_type", "hwversion", "cid");
    private static final List<String> ADAPTER_TYPES = List.of("ide", "buslogic", "lsilogic", "legacyESX");

    static VmdkWriteSettings from(long virtualSize, WriteOptions options) {
        String subformat = options.subformat() == null ? STREAM_OPTIMIZED : options.subformat();
        if (!subformat.equals(STREAM_OPTIMIZED) && !subformat.equals(MONOLITHIC_SPARSE)) {
            throw new IllegalArgumentException("Ferry writes VMDK subformats " + STREAM_OPTIMIZED + " and "
                    + MONOLITHIC_SPARSE + ", not '" + subformat + "'");
        }
        if (options.blockSize() != 0 && options.blockSize() != GRAIN_SIZE) {
            throw new IllegalArgumentException("VMDK grains are " + GRAIN_SIZE + " bytes; " + options.blockSize()
                    + " is not supported");
        }
        // qemu reads a sparse header of capacity 0 as a descriptor and refuses it: a VMDK holds at least a sector.
        if (virtualSize <= 0 || virtualSize > VmdkFormat.MAX_VIRTUAL_SIZE) {
            throw new IllegalArgumentException("VMDK virtual size must be between 1 and " + VmdkFormat.MAX_VIRTUAL_SIZE
                    + " bytes, got " + virtualSize);
        }
        Map<String, String> properties = options.properties();
        for (String key : properties.keySet()) {
            if (!PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("unknown VMDK option '" + key + "' (known: " + PROPERTIES + ")");
            }
        }
        String adapterType = properties.getOrDefault("adapter_type", "lsilogic");
        if (!ADAPTER_TYPES.contains(adapterType)) {
            throw new IllegalArgumentException("adapter_type must be one of " + ADAPTER_TYPES + ", got '" + adapterType
                    + "'");
        }
        String hardwareVersion = properties.getOrDefault("hwversion", "4");
        if (!hardwareVersion.matches("[1-9][0-9]?")) {
            throw new IllegalArgumentException("hwversion must be a VMware hardware version number, got '"
                    + hardwareVersion + "'");
        }
        return new VmdkWriteSettings(subformat, virtualSize, compressionLevel(properties), adapterType,
                hardwareVersion, cid(properties));
    }

    private static int compressionLevel(Map<String, String> properties) {
        String value = properties.getOrDefault("compression.level", "1");
        try {
            int level = Integer.parseInt(value);
            if (level >= Deflater.NO_COMPRESSION && level <= Deflater.BEST_COMPRESSION) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("compression.level must be 0-9, got '" + value + "'");
    }

    private static long cid(Map<String, String> properties) {
        String value = properties.get("cid");
        if (value == null) {
            // Any value but ffffffff, which means "no parent" in parentCID.
            return ThreadLocalRandom.current().nextLong(VmdkFormat.NO_PARENT_CID);
        }
        if (!value.matches("[0-9A-Fa-f]{1,8}")) {
            throw new IllegalArgumentException("cid must be up to 8 hex digits, got '" + value + "'");
        }
        return Long.parseLong(value, 16);
    }

    /** Capacity in sectors: qemu and VMware round a size that is not a multiple of 512 up. */
    long capacitySectors() {
        return (virtualSize + SECTOR_SIZE - 1) / SECTOR_SIZE;
    }

    /** The embedded descriptor of a single-file disk named {@code fileName}. */
    Descriptor descriptor(String fileName) {
        if (fileName.indexOf('"') >= 0 || fileName.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a VMDK descriptor cannot name a file containing quotes or line"
                    + " breaks: " + fileName);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("version", "1");
        settings.put("encoding", "\"UTF-8\"");
        // VMware's geometry convention: 16 heads for IDE (cylinders capped at 16383), 255 for SCSI adapters.
        int heads = adapterType.equals("ide") ? 16 : 255;
        long cylinders = Math.max(1, capacitySectors() / (heads * 63L));
        if (adapterType.equals("ide")) {
            cylinders = Math.min(cylinders, 16383);
        }
        Map<String, String> database = new LinkedHashMap<>();
        database.put("ddb.adapterType", adapterType);
        database.put("ddb.geometry.cylinders", Long.toString(cylinders));
        database.put("ddb.geometry.heads", Integer.toString(heads));
        database.put("ddb.geometry.sectors", "63");
        database.put("ddb.virtualHWVersion", hardwareVersion);
        ExtentLine extent = new ExtentLine("RW", capacitySectors(), "SPARSE", fileName, 0, 0);
        return new Descriptor(settings, cid, VmdkFormat.NO_PARENT_CID, subformat, null, List.of(extent), database);
    }
}
