package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.ferry.disk.Extent;

/** An image file on a local or mounted file system. */
public final class FileByteSource implements ByteSource {

    private final Path path;
    private final FileChannel channel;
    private final FileHoles holes;

    private FileByteSource(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        this.holes = FileHoles.open(path);
    }

    public static FileByteSource open(Path path) throws IOException {
        return new FileByteSource(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    public Path path() {
        return path;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(long position, ByteBuffer destination) throws IOException {
        return channel.read(destination, position);
    }

    /** Whether the kernel tells this file's holes (else {@link #allocation} calls everything data). */
    public boolean holesKnown() {
        return holes.canTell();
    }

    /** The file's holes, as the kernel knows them, so that they are skipped rather than read. */
    @Override
    public List<Extent> allocation(long offset, long length) {
        return holes.allocation(offset, length);
    }

    @Override
    public ByteSource openSibling(String relativeName) throws IOException {
        return open(SiblingPaths.confine(path, relativeName));
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        try (holes) {
            channel.close();
        }
    }
}
