package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads and patches bytes of image files in place, for tests that craft or damage images. */
public final class FileBytes {

    private FileBytes() {
    }

    /** Reads {@code length} bytes at {@code offset} (zeros past the end of the file). */
    public static ByteBuffer read(Path file, long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                // keep reading until full or at the end
            }
            return buffer.clear();
        }
    }

    /** Writes all of {@code data} (from its position) at {@code offset}. */
    public static void write(Path file, long offset, ByteBuffer data) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long at = offset;
            while (data.hasRemaining()) {
                at += channel.write(data, at);
            }
        }
    }

    /** Cuts the file at {@code size} bytes. */
    public static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** Inverts one byte, to break a checksum. */
    public static void flipByte(Path file, long offset) throws IOException {
        ByteBuffer one = read(file, offset, 1);
        write(file, offset, ByteBuffer.wrap(new byte[] { (byte) ~one.get(0) }));
    }
}
