package dev.ferry.disk.vmdk;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ferry.disk.ImageFormatException;

/**
 * Parses a VMDK text descriptor strictly (every line must be a comment, a setting or an extent) but tolerantly
 * (quoted or bare values, CRLF line ends, any order), and refuses sizes no real disk has. Errors name the byte offset
 * of the offending line in the file.
 */
final class DescriptorParser {

    private static final Pattern EXTENT = Pattern.compile(
            "(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+([A-Za-z]+)(?:\\s+\"([^\"]*)\"(?:\\s+(\\d+))?)?");
    private static final Pattern SETTING = Pattern.compile("([A-Za-z][A-Za-z0-9_.\\-]*)\\s*=\\s*(.*)");
    private static final Pattern ENCODING = Pattern.compile("(?m)^\\s*encoding\\s*=\\s*\"?([A-Za-z0-9_.:\\-]+)\"?\\s*$");
    private static final Set<String> EXTENT_TYPES = Set.of("FLAT", "SPARSE", "ZERO", "VMFS", "VMFSSPARSE", "VMFSRDM",
            "VMFSRAW", "SESPARSE");
    private static final long MAX_SECTORS = VmdkFormat.MAX_VIRTUAL_SIZE / VmdkFormat.SECTOR_SIZE;

    private final long baseOffset;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> database = new LinkedHashMap<>();
    private final List<ExtentLine> extents = new ArrayList<>();
    private long cid = VmdkFormat.NO_PARENT_CID;
    private long parentCid = VmdkFormat.NO_PARENT_CID;
    private String createType;
    private String parentFileNameHint;
    private long totalSectors;

    private DescriptorParser(long baseOffset) {
        this.baseOffset = baseOffset;
    }

    /**
     * Parses descriptor bytes that were read at {@code baseOffset} of their file; the text ends at the first NUL byte
     * (embedded descriptors are padded with them).
     */
    static Descriptor parse(byte[] bytes, long baseOffset) throws ImageFormatException {
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        DescriptorParser parser = new DescriptorParser(baseOffset);
        Charset charset = declaredCharset(bytes, length);
        int lineStart = 0;
        while (lineStart < length) {
            int lineEnd = lineStart;
            while (lineEnd < length && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            parser.parseLine(new String(bytes, lineStart, lineEnd - lineStart, charset).strip(), lineStart);
            lineStart = lineEnd + 1;
        }
        return parser.finish();
    }

    /** The charset named by an {@code encoding="..."} line; names of extent files may use it. UTF-8 by default. */
    private static Charset declaredCharset(byte[] bytes, int length) {
        Matcher matcher = ENCODING.matcher(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private void parseLine(String line, int lineStart) throws ImageFormatException {
        long at = baseOffset + lineStart;
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        Matcher extent = EXTENT.matcher(line);
        if (extent.matches()) {
            parseExtent(extent, at);
            return;
        }
        Matcher setting = SETTING.matcher(line);
        if (!setting.matches()) {
            throw VmdkFormat.corrupt(at, "descriptor line is neither a setting nor an extent: '" + abbreviate(line)
                    + "'");
        }
        String key = setting.group(1);
        String value = unquote(setting.group(2).strip(), at);
        switch (key) {
            case "CID" -> cid = parseCid(value, at);
            case "parentCID" -> parentCid = parseCid(value, at);
            case "createType" -> createType = value;
            case "parentFileNameHint" -> parentFileNameHint = value.isEmpty() ? null : value;
            case "version" -> {
                if (!value.equals("1") && !value.equals("2") && !value.equals("3")) {
                    throw VmdkFormat.corrupt(at, "unsupported descriptor version '" + abbreviate(value) + "'");
                }
                settings.put(key, value);
            }
            default -> (key.startsWith("ddb.") ? database : settings).put(key, value);
        }
    }

    private void parseExtent(Matcher extent, long at) throws ImageFormatException {
        if (extents.size() >= VmdkFormat.MAX_EXTENTS) {
            throw VmdkFormat.corrupt(at, "descriptor lists more than " + VmdkFormat.MAX_EXTENTS + " extents");
        }
        long sectors = parseSectors(extent.group(2), at);
        if (sectors == 0) {
            throw VmdkFormat.corrupt(at, "extent of 0 sectors");
        }
        totalSectors += sectors;
        if (totalSectors > MAX_SECTORS) {
            throw VmdkFormat.corrupt(at, "extents add up to more than the supported " + VmdkFormat.MAX_VIRTUAL_SIZE
                    + " bytes");
        }
        String type = extent.group(3);
        if (!EXTENT_TYPES.contains(type)) {
            throw VmdkFormat.corrupt(at, "unknown extent type '" + abbreviate(type) + "'");
        }
        String fileName = extent.group(4);
        if (!type.equals("ZERO") && (fileName == null || fileName.isEmpty())) {
            throw VmdkFormat.corrupt(at, type + " extent without a file name");
        }
        long startSector = extent.group(5) == null ? 0 : parseSectors(extent.group(5), at);
        if (extent.group(5) != null && !type.equals("FLAT") && !type.equals("VMFS")) {
            throw VmdkFormat.corrupt(at, type + " extent with a start offset, which only flat extents have");
        }
        extents.add(new ExtentLine(extent.group(1), sectors, type, fileName, startSector, at));
    }

    private Descriptor finish() throws ImageFormatException {
        if (createType == null) {
            throw VmdkFormat.corrupt(baseOffset, "descriptor has no createType");
        }
        return new Descriptor(settings, cid, parentCid, createType, parentFileNameHint, extents, database);
    }

    private static long parseSectors(String digits, long at) throws ImageFormatException {
        try {
            long sectors = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
            if (sectors > MAX_SECTORS) {
                throw VmdkFormat.corrupt(at, "extent size or offset of " + abbreviate(digits)
                        + " sectors is beyond the supported " + VmdkFormat.MAX_VIRTUAL_SIZE + " bytes");
            }
            return sectors;
        } catch (NumberFormatException e) {
            throw VmdkFormat.corrupt(at, "extent size or offset '" + digits + "' is not a number of sectors");
        }
    }

    private static long parseCid(String value, long at) throws ImageFormatException {
        if (!value.matches("[0-9A-Fa-f]{1,8}")) {
            throw VmdkFormat.corrupt(at, "content ID '" + abbreviate(value) + "' is not a 32-bit hex number");
        }
        return Long.parseLong(value, 16);
    }

    private static String unquote(String value, long at) throws ImageFormatException {
        if (!value.startsWith("\"")) {
            return value;
        }
        if (value.length() < 2 || !value.endsWith("\"")) {
            throw VmdkFormat.corrupt(at, "unterminated quoted value " + abbreviate(value));
        }
        return value.substring(1, value.length() - 1);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
