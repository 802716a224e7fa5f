package dev.ferry.disk.write;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import dev.ferry.disk.ZeroBytes;

/**
 * The file a writer produces: positional writes and reads that always complete, growth without writing (a sparse
 * hole), truncation to a checkpoint and durable flushes.
 */
public final class OutputFile implements Closeable {

    private final Path path;
    private final RandomAccessFile file;
    private final FileChannel channel;

    private OutputFile(Path path) throws IOException {
        this.path = path;
        this.file = new RandomAccessFile(path.toFile(), "rw");
        this.channel = file.getChannel();
    }

    /** Creates {@code path}, which must not exist. */
    public static OutputFile createNew(Path path) throws IOException {
        Files.createFile(path);
        return new OutputFile(path);
    }

    /** Opens a partly written file as it is. */
    public static OutputFile openExisting(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return new OutputFile(path);
    }

    /** Reopens a partly written file and discards everything past {@code length}, the length at a checkpoint. */
    public static OutputFile reopen(Path path, long length) throws IOException {
        OutputFile output = openExisting(path);
        try {
            if (output.size() < length) {
                throw new IOException(path + " holds " + output.size() + " bytes, fewer than the " + length
                        + " it held at its checkpoint");
            }
            output.channel.truncate(length);
            return output;
        } catch (IOException e) {
            output.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Writes all of {@code data} at {@code position}. */
    public void write(long position, ByteBuffer data) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += channel.write(data, at);
        }
    }

    /** Reads exactly {@code destination.remaining()} bytes at {@code position} (to resume from what was written). */
    public void read(long position, ByteBuffer destination) throws IOException {
        long at = position;
        while (destination.hasRemaining()) {
            int count = channel.read(destination, at);
            if (count < 0) {
                throw new IOException(path + " ends at " + at + ", before the data a resumed write needs");
            }
            at += count;
        }
    }

    /** Reads {@code destination.remaining()} bytes at {@code position}; what lies past the end of the file reads as zeros. */
    public void readOrZeros(long position, ByteBuffer destination) throws IOException {
        long at = position;
        while (destination.hasRemaining()) {
            int count = channel.read(destination, at);
            if (count < 0) {
                ZeroBytes.fill(destination);
                return;
            }
            at += count;
        }
    }

    /** Writes all of {@code buffers}, one after the other, starting at {@code position} (one gathering write). */
    public void write(long position, ByteBuffer[] buffers) throws IOException {
        long left = 0;
        for (ByteBuffer buffer : buffers) {
            left += buffer.remaining();
        }
        channel.position(position);
        while (left > 0) {
            left -= channel.write(buffers);
        }
    }

    /** Grows the file to {@code length} without writing, so the new range is a hole that reads as zeros. */
    public void extendTo(long length) throws IOException {
        if (file.length() < length) {
            file.setLength(length);
        }
    }

    /** Discards everything from {@code length} on. */
    public void truncate(long length) throws IOException {
        channel.truncate(length);
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    public long size() throws IOException {
        return channel.size();
    }

    /** Makes everything written so far durable. */
    public void force() throws IOException {
        channel.force(true);
    }

    /** Closes the finished file, first making it durable when asked. */
    public void close(boolean durable) throws IOException {
        if (durable) {
            force();
        }
        close();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
