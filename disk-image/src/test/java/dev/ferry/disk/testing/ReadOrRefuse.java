package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;

import dev.ferry.disk.DiskImage;
import dev.ferry.disk.Extent;
import dev.ferry.disk.ImageFormatException;

/**
 * What a reader must do with any input, however hostile: open it, answer every question and read it, or refuse it
 * with an {@link ImageFormatException}. Anything else (another exception, an error, a wrong answer) fails the caller;
 * hangs and huge allocations are caught by the fuzzer's time and memory limits. Reads are bounded, so that one input
 * takes milliseconds even when it claims a disk of terabytes.
 */
public final class ReadOrRefuse {

    /** Opens an image; the image is closed afterwards. */
    @FunctionalInterface
    public interface Opening {
        DiskImage open() throws IOException;
    }

    private static final int MAX_EXTENTS = 2048;
    private static final int READ_SIZE = 64 * 1024;
    private static final long MAX_BYTES_READ = 8L << 20;

    private ReadOrRefuse() {
    }

    public static void exercise(Opening opening) {
        try (DiskImage image = opening.open()) {
            walk(image);
        } catch (ImageFormatException | NoSuchFileException refused) {
            // A clean refusal: a corrupt image, or a parent that is not there.
        } catch (IOException e) {
            throw new AssertionError("a format problem must be an ImageFormatException, got " + e, e);
        }
    }

    /** Like {@link #exercise}, for an input that is valid: a refusal fails too. */
    public static void mustRead(Opening opening) {
        try (DiskImage image = opening.open()) {
            walk(image);
        } catch (IOException e) {
            throw new AssertionError("a valid image was refused: " + e, e);
        }
    }

    private static void walk(DiskImage image) throws IOException {
        long size = image.virtualSize();
        if (size < 0) {
            throw new AssertionError("negative virtual size " + size);
        }
        image.info();
        ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
        long bytesRead = 0;
        long offset = 0;
        for (int extents = 0; offset < size && extents < MAX_EXTENTS; extents++) {
            Extent extent = image.extent(offset, size - offset);
            if (extent.offset() != offset || extent.end() > size) {
                throw new AssertionError("asked for the extent at " + offset + " of " + size + ", got " + extent);
            }
            if (!extent.zero() && bytesRead < MAX_BYTES_READ) {
                bytesRead += read(image, offset, extent.length(), buffer);
            }
            offset = extent.end();
        }
        if (size > 0) {
            // Unaligned reads at the edges, where off-by-one errors live.
            read(image, 0, Math.min(size, 1001), buffer);
            read(image, Math.max(0, size - 777), Math.min(size, 777), buffer);
            read(image, size / 2, Math.min(size - size / 2, 3), buffer);
        }
    }

    private static int read(DiskImage image, long offset, long length, ByteBuffer buffer) throws IOException {
        buffer.clear().limit((int) Math.min(buffer.capacity(), length));
        image.read(offset, buffer);
        if (buffer.hasRemaining()) {
            throw new AssertionError("read at " + offset + " left " + buffer.remaining() + " bytes unfilled");
        }
        return buffer.limit();
    }
}
