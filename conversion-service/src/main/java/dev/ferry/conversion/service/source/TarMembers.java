package dev.ferry.conversion.service.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.ferry.disk.ImageFormatException;
import dev.ferry.disk.source.ByteSource;

/**
 * Finds a member of a tar archive (an OVA) by name, reading only headers: the member's bytes are then read in place
 * as a byte range, never extracted. Understands ustar (with its name prefix), GNU long names and base-256 sizes, and
 * pax {@code path} and {@code size} records. Treats the archive as hostile: every size and offset is checked against
 * the file.
 */
public final class TarMembers {

    /** Where a member's content lies in the archive. */
    public record Member(String name, long offset, long size) {
    }

    private static final int BLOCK = 512;
    private static final int MAX_LONG_NAME = 64 * 1024;
    private static final String FORMAT = "tar";

    private TarMembers() {
    }

    /**
     * The member called {@code name} (leading {@code ./} ignored).
     *
     * @throws ImageFormatException when the archive is damaged, naming the offset
     * @throws java.io.FileNotFoundException when the archive has no such member
     */
    public static Member find(ByteSource archive, String name) throws IOException {
        String wanted = normalize(name);
        long size = archive.size();
        long offset = 0;
        String longName = null;
        Long paxSize = null;
        ByteBuffer header = ByteBuffer.allocate(BLOCK);
        while (offset + BLOCK <= size) {
            header.clear();
            archive.readFully(offset, header);
            byte[] block = header.array();
            if (allZero(block)) {
                break;
            }
            verifyChecksum(block, offset);
            char type = (char) block[156];
            long memberSize = paxSize != null ? paxSize : number(block, 124, 12, offset);
            long content = offset + BLOCK;
            if (memberSize < 0 || memberSize > size - content) {
                throw new ImageFormatException(FORMAT, offset, "member size " + memberSize
                        + " runs past the end of the archive (" + size + " bytes)");
            }
            long next = content + roundUp(memberSize);
            switch (type) {
                case 'L' -> longName = text(archive, content, memberSize, offset);
                case 'x' -> {
                    PaxRecords pax = PaxRecords.parse(text(archive, content, memberSize, offset), offset);
                    longName = pax.path() != null ? pax.path() : longName;
                    paxSize = pax.size();
                }
                case 'g' -> {
                    // Global pax header: nothing the member lookup needs.
                }
                default -> {
                    String memberName = longName != null ? longName : ustarName(block);
                    if ((type == '0' || type == '\0') && normalize(memberName).equals(wanted)) {
                        return new Member(memberName, content, memberSize);
                    }
                    longName = null;
                    paxSize = null;
                }
            }
            offset = next;
        }
        throw new java.io.FileNotFoundException(archive.describe() + " has no member '" + name + "'");
    }

    private static String ustarName(byte[] block) {
        String name = field(block, 0, 100);
        boolean ustar = new String(block, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? field(block, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String text(ByteSource archive, long offset, long length, long headerOffset) throws IOException {
        if (length > MAX_LONG_NAME) {
            throw new ImageFormatException(FORMAT, headerOffset, "extended header of " + length
                    + " bytes is larger than " + MAX_LONG_NAME);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        archive.readFully(offset, buffer);
        String value = new String(buffer.array(), StandardCharsets.UTF_8);
        int nul = value.indexOf('\0');
        return nul >= 0 ? value.substring(0, nul) : value;
    }

    private static void verifyChecksum(byte[] block, long offset) throws ImageFormatException {
        long stored = number(block, 148, 8, offset);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
        }
        if (sum != stored) {
            throw new ImageFormatException(FORMAT, offset, "header checksum " + stored + " does not match its content ("
                    + sum + "): not a tar archive, or a damaged one");
        }
    }

    /** An octal field, or a GNU base-256 number when the first byte's high bit is set. */
    private static long number(byte[] block, int start, int length, long offset) throws ImageFormatException {
        if ((block[start] & 0x80) != 0) {
            long value = 0;
            for (int i = start + 1; i < start + length; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw new ImageFormatException(FORMAT, offset + start, "base-256 number too large");
                }
                value = (value << 8) | (block[i] & 0xff);
            }
            return value;
        }
        String digits = field(block, start, length).trim();
        if (digits.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new ImageFormatException(FORMAT, offset + start, "'" + digits + "' is not an octal number");
        }
    }

    private static String field(byte[] block, int start, int length) {
        int end = start;
        while (end < start + length && block[end] != 0) {
            end++;
        }
        return new String(block, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long roundUp(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static String normalize(String name) {
        String normalized = name;
        while (normalized.startsWith("./")) {
            normalized = normalized.substring(2);
        }
        return normalized;
    }

    /** The {@code path} and {@code size} of a pax extended header ("length key=value\n" records). */
    private record PaxRecords(String path, Long size) {

        static PaxRecords parse(String records, long offset) throws ImageFormatException {
            String path = null;
            Long size = null;
            for (String line : records.split("\n")) {
                int space = line.indexOf(' ');
                int equals = line.indexOf('=');
                if (space < 0 || equals < space) {
                    continue;
                }
                String key = line.substring(space + 1, equals);
                String value = line.substring(equals + 1);
                if (key.equals("path")) {
                    path = value;
                } else if (key.equals("size")) {
                    try {
                        size = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new ImageFormatException(FORMAT, offset, "pax size '" + value + "' is not a number");
                    }
                }
            }
            return new PaxRecords(path, size);
        }
    }
}
