package dev.ferry.disk.qcow2;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The image file a writer fills: positional writes and reads that always complete, plus durability. */
final class OutputFile implements Closeable {

    private final Path path;
    private final FileChannel channel;

    private OutputFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static OutputFile createNew(Path path) throws IOException {
        return new OutputFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    static OutputFile openExisting(Path path) throws IOException {
        return new OutputFile(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    Path path() {
        return path;
    }

    void write(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Reads {@code bytes.remaining()} bytes; what lies past the end of the file reads as zeros. */
    void read(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            int count = channel.read(bytes, at);
            if (count < 0) {
                while (bytes.hasRemaining()) {
                    bytes.put((byte) 0);
                }
                return;
            }
            at += count;
        }
    }

    /** Cuts the file to {@code length} bytes if it is longer. */
    void truncate(long length) throws IOException {
        channel.truncate(length);
    }

    void force() throws IOException {
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
