package dev.ferry.disk.vhd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.ImageOpener;
import dev.ferry.disk.source.ByteSource;

/**
 * Finds a differencing VHD's parent next to it and checks that it is the disk the child was made from. Candidates,
 * in order: the relative Windows path ("W2ru"), the file name of the absolute Windows path ("W2ku"), the parent's
 * file name from the header. All are confined to the child's folder by {@link ImageOpener#openRelated}.
 */
final class VhdParentLink {

    /** Windows paths are at most 32,767 UTF-16 characters. */
    private static final int MAXIMUM_PATH_BYTES = 65536;

    private VhdParentLink() {
    }

    /** Opens the parent; the caller owns (and must close) the result. */
    static VhdImage open(ByteSource source, VhdDynamicHeader header, long headerOffset, ImageOpener opener)
            throws IOException {
        StructureReader reader = new StructureReader(source, VhdFooter.FORMAT);
        List<String> problems = new ArrayList<>();
        Map<String, String> candidates = candidates(reader, header, problems);
        return ParentSearch.open(source, opener, candidates, problems, VhdFooter.FORMAT, headerOffset,
                "the header names no parent", (parent, name) -> checked(parent, name, header, headerOffset));
    }

    private static VhdImage checked(DiskImage parent, String name, VhdDynamicHeader header, long headerOffset)
            throws ImageFormatException {
        if (!(parent instanceof VhdImage vhd)) {
            throw new ImageFormatException(VhdFooter.FORMAT, headerOffset, "parent '" + name + "' is a "
                    + parent.format().displayName() + " image, not a VHD");
        }
        if (!vhd.footer().uniqueId().equals(header.parentUniqueId())) {
            throw new ImageFormatException(VhdFooter.FORMAT, headerOffset + 40, "parent '" + name
                    + "' has unique id " + vhd.footer().uniqueId() + ", but this disk was made from "
                    + header.parentUniqueId());
        }
        return vhd;
    }

    /** Candidate names in preference order, each mapped to where it came from. */
    private static Map<String, String> candidates(StructureReader reader, VhdDynamicHeader header,
            List<String> problems) throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        for (int code : new int[] { VhdParentLocator.WINDOWS_RELATIVE, VhdParentLocator.WINDOWS_ABSOLUTE }) {
            for (VhdParentLocator locator : header.parentLocators()) {
                if (locator.platformCode() != code) {
                    continue;
                }
                String label = code == VhdParentLocator.WINDOWS_RELATIVE ? "relative locator" : "absolute locator";
                if (locator.dataLength() <= 0 || locator.dataLength() > MAXIMUM_PATH_BYTES) {
                    problems.add(label + " has a path length of " + locator.dataLength() + " bytes");
                    continue;
                }
                ByteBuffer data = reader.read(locator.dataOffset(), locator.dataLength(), "parent locator path");
                String path = trimNul(StandardCharsets.UTF_16LE.decode(data).toString()).replace('\\', '/');
                if (code == VhdParentLocator.WINDOWS_ABSOLUTE) {
                    path = baseName(path);
                }
                names.putIfAbsent(path, label);
            }
        }
        String parentName = baseName(header.parentUnicodeName().replace('\\', '/'));
        if (!parentName.isEmpty()) {
            names.putIfAbsent(parentName, "parent name");
        }
        names.remove("");
        return names;
    }

    private static String trimNul(String text) {
        int end = text.indexOf('\0');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
