package dev.ferry.disk.vmdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A VMDK text descriptor: disk-wide settings, the extents that make up the disk, and the disk database
 * ({@code ddb.*}).
 *
 * @param settings header entries other than the ones with their own component ({@code version}, {@code encoding},
 *        {@code isNativeSnapshot}, ...), in file order
 * @param cid content ID, changed by VMware whenever the disk is written
 * @param parentCid the parent's content ID, {@link VmdkFormat#NO_PARENT_CID} for a disk without parent
 * @param createType the subformat: monolithicSparse, streamOptimized, monolithicFlat, twoGbMaxExtentSparse, vmfs ...
 * @param parentFileNameHint where the parent of a delta disk lives, or null
 * @param extents the extents in guest order
 * @param database the {@code ddb.*} entries, in file order
 */
record Descriptor(
        Map<String, String> settings,
        long cid,
        long parentCid,
        String createType,
        String parentFileNameHint,
        List<ExtentLine> extents,
        Map<String, String> database) {

    Descriptor {
        // Unmodifiable, but in file order: a rewritten descriptor keeps VMware's layout.
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        extents = List.copyOf(extents);
        database = Collections.unmodifiableMap(new LinkedHashMap<>(database));
    }

    long totalSectors() {
        return extents.stream().mapToLong(ExtentLine::sectors).sum();
    }

    boolean hasParent() {
        return parentFileNameHint != null;
    }

    /** The descriptor as text, laid out the way VMware writes it. */
    String render() {
        List<String> lines = new ArrayList<>();
        lines.add("# Disk DescriptorFile");
        settings.forEach((key, value) -> lines.add(key + "=" + value));
        lines.add("CID=" + hex(cid));
        lines.add("parentCID=" + hex(parentCid));
        lines.add("createType=\"" + createType + "\"");
        if (parentFileNameHint != null) {
            lines.add("parentFileNameHint=\"" + parentFileNameHint + "\"");
        }
        lines.add("");
        lines.add("# Extent description");
        extents.forEach(extent -> lines.add(extent.render()));
        lines.add("");
        lines.add("# The Disk Data Base");
        lines.add("#DDB");
        lines.add("");
        database.forEach((key, value) -> lines.add(key + " = \"" + value + "\""));
        return String.join("\n", lines) + "\n";
    }

    private static String hex(long value) {
        return String.format(Locale.ROOT, "%08x", value);
    }
}
