package dev.ferry.disk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an image says about itself.
 *
 * @param format container format
 * @param subformat variant within the format: "dynamic", "fixed", "differencing", "monolithicSparse",
 *        "streamOptimized", "monolithicFlat", "v2", "v3" ...
 * @param virtualSize guest-visible size in bytes
 * @param fileSize bytes the image occupies in its container (the file or files)
 * @param clusterSize allocation unit in bytes (grain, block, cluster), 0 where the format has none
 * @param backing description of a parent/backing image, or null
 * @param details further facts worth showing, in display order (creator, geometry, compression ...)
 * @param warnings anything unusual a person should know about
 */
public record ImageInfo(
        ImageFormat format,
        String subformat,
        long virtualSize,
        long fileSize,
        long clusterSize,
        String backing,
        Map<String, String> details,
        List<String> warnings) {

    public ImageInfo {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        warnings = List.copyOf(warnings);
    }
}
