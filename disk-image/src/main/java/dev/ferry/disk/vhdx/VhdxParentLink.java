package dev.ferry.disk.vhdx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;
import dev.ferry.disk.vhd.ParentSearch;

/**
 * Finds a differencing VHDX's parent next to it and checks that it is the disk the child was made from: its data
 * write GUID must equal the locator's "parent_linkage" (or "parent_linkage2"). Candidates, in order: "relative_path",
 * then the file names of "volume_path" and "absolute_win32_path", all confined to the child's folder.
 */
final class VhdxParentLink {

    /** The opened parent and the name it was found by. */
    record Parent(DiskImage image, String name) {
    }

    private VhdxParentLink() {
    }

    static Parent open(ByteSource source, VhdxMetadata metadata, long locatorOffset, ImageOpener opener)
            throws IOException {
        Map<String, String> locator = metadata.parentLocator();
        List<UUID> linkages = new ArrayList<>();
        for (String key : new String[] { "parent_linkage", "parent_linkage2" }) {
            String value = locator.get(key);
            if (value != null) {
                linkages.add(guid(value, locatorOffset));
            }
        }
        if (linkages.isEmpty()) {
            throw new ImageFormatException(VhdxHeader.FORMAT, locatorOffset, "parent locator has no parent_linkage");
        }
        return ParentSearch.open(source, opener, candidates(locator), new ArrayList<>(), VhdxHeader.FORMAT,
                locatorOffset, "the locator names no path",
                (parent, name) -> new Parent(checked(parent, name, linkages, locatorOffset), name));
    }

    private static DiskImage checked(DiskImage parent, String name, List<UUID> linkages, long locatorOffset)
            throws ImageFormatException {
        if (!(parent instanceof VhdxImage vhdx)) {
            throw new ImageFormatException(VhdxHeader.FORMAT, locatorOffset, "parent '" + name + "' is a "
                    + parent.format().displayName() + " image, not a VHDX");
        }
        if (!linkages.contains(vhdx.dataWriteGuid())) {
            throw new ImageFormatException(VhdxHeader.FORMAT, locatorOffset, "parent '" + name
                    + "' has data write GUID " + vhdx.dataWriteGuid() + ", but this disk was made from "
                    + linkages.get(0) + " (the parent changed after the child was made)");
        }
        return parent;
    }

    private static Map<String, String> candidates(Map<String, String> locator) {
        Map<String, String> names = new LinkedHashMap<>();
        String relative = locator.get("relative_path");
        if (relative != null) {
            names.put(relative.replace('\\', '/'), "relative_path");
        }
        for (String key : new String[] { "volume_path", "absolute_win32_path" }) {
            String path = locator.get(key);
            if (path != null) {
                String normalized = path.replace('\\', '/');
                names.putIfAbsent(normalized.substring(normalized.lastIndexOf('/') + 1), key);
            }
        }
        names.remove("");
        return names;
    }

    private static UUID guid(String text, long locatorOffset) throws ImageFormatException {
        String trimmed = text.trim();
        if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        try {
            return UUID.fromString(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ImageFormatException(VhdxHeader.FORMAT, locatorOffset, "parent linkage '" + text
                    + "' is not a GUID", e);
        }
    }
}
