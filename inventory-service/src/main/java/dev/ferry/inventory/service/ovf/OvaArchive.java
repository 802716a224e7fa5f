package dev.ferry.inventory.service.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.archivers.tar.TarUtils;

import dev.ferry.inventory.service.discovery.DiscoveryException;

/**
 * An OVA package read in place: its tar headers are indexed (ustar, PAX and GNU long names) without unpacking
 * anything, so each member's bytes stay where they are and a worker can read a disk at its offset.
 */
final class OvaArchive implements AutoCloseable {

    /**
     * A file inside the OVA.
     *
     * @param offset where its bytes start in the OVA
     * @param size its length in bytes
     */
    record Member(String name, long offset, long size) {
    }

    private final Path file;
    private final SeekableByteChannel channel;
    private final TarFile tar;
    private final Map<String, Member> members = new LinkedHashMap<>();

    private OvaArchive(Path file, SeekableByteChannel channel, TarFile tar) {
        this.file = file;
        this.channel = channel;
        this.tar = tar;
        for (TarArchiveEntry entry : tar.getEntries()) {
            if (entry.isFile()) {
                members.put(entry.getName(), new Member(entry.getName(), entry.getDataOffset(), entry.getSize()));
            }
        }
    }

    /** Whether a file starts with a valid tar header. */
    static boolean isTar(Path file) throws IOException {
        byte[] header = new byte[512];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(header, 0, header.length) == header.length && TarUtils.verifyCheckSum(header);
        } catch (IllegalArgumentException e) {
            // The checksum field holds something other than octal digits.
            return false;
        }
    }

    /**
     * @throws DiscoveryException when the file is not a tar archive or its headers are damaged
     */
    static OvaArchive open(Path file) throws DiscoveryException {
        SeekableByteChannel channel = null;
        try {
            if (!isTar(file)) {
                throw new DiscoveryException(file.getFileName() + " is not an OVA: an OVA is a tar archive, and "
                        + "this file does not start with a tar header");
            }
            channel = Files.newByteChannel(file, StandardOpenOption.READ);
            return new OvaArchive(file, channel, new TarFile(channel));
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(channel);
            throw new DiscoveryException(file.getFileName() + " is not a readable OVA (tar) archive: "
                    + e.getMessage());
        }
    }

    Path file() {
        return file;
    }

    Map<String, Member> members() {
        return members;
    }

    /** The whole content of a member, for small ones such as the descriptor. */
    byte[] read(Member member, int maxBytes) throws DiscoveryException {
        if (member.size() > maxBytes) {
            throw new DiscoveryException(file.getFileName() + ": " + member.name() + " is larger than " + maxBytes
                    + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) member.size());
        try {
            channel.position(member.offset());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until the member is complete
            }
        } catch (IOException e) {
            throw new DiscoveryException("cannot read " + member.name() + " in " + file.getFileName() + ": "
                    + e.getMessage());
        }
        if (buffer.hasRemaining()) {
            throw new DiscoveryException(file.getFileName() + " is truncated inside " + member.name());
        }
        return buffer.array();
    }

    @Override
    public void close() {
        try {
            tar.close();
        } catch (IOException e) {
            // Read-only: nothing is lost.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(SeekableByteChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Read-only: nothing is lost.
            }
        }
    }
}
