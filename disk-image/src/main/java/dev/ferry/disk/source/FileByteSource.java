package dev.ferry.disk.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An image file on a local or mounted file system. */
public final class FileByteSource implements ByteSource {

    private final Path path;
    private final FileChannel channel;

    private FileByteSource(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
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
        channel.close();
    }
}
