package dev.ferry.disk.write;

import java.util.Map;

/**
 * Choices for a new image.
 *
 * @param subformat variant of the format: "dynamic" or "fixed" (VHD, VHDX), "streamOptimized" (VMDK), "sparse" (raw),
 *        or null for the format's default
 * @param blockSize allocation unit in bytes (VHDX block, VHD block, qcow2 cluster), or 0 for the format's default
 * @param properties format-specific extras (for example {@code compression.level})
 */
public record WriteOptions(String subformat, long blockSize, Map<String, String> properties) {

    public WriteOptions {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static WriteOptions defaults() {
        return new WriteOptions(null, 0, Map.of());
    }

    public static WriteOptions subformat(String subformat) {
        return new WriteOptions(subformat, 0, Map.of());
    }
}
