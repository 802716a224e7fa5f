package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.ferry.disk.DiskImage;

/** Compares what a reader returns with a raw ground-truth file, byte for byte, and checks its zero extents. */
public final class ImageAssertions {

    private ImageAssertions() {
    }

    /**
     * Fails with the first differing offset unless {@code image} reads exactly like {@code raw}, and unless every
     * extent the image calls zero is zero in the raw file.
     */
    public static void assertSameContent(DiskImage image, Path raw) throws IOException {
        try (FileChannel expected = FileChannel.open(raw, StandardOpenOption.READ)) {
            if (image.virtualSize() != expected.size()) {
                throw new AssertionError("virtual size " + image.virtualSize() + " != raw size " + expected.size());
            }
            int chunk = 1 << 20;
            ByteBuffer actualBuffer = ByteBuffer.allocate(chunk);
            ByteBuffer expectedBuffer = ByteBuffer.allocate(chunk);
            for (long offset = 0; offset < expected.size(); offset += chunk) {
                int length = (int) Math.min(chunk, expected.size() - offset);
                actualBuffer.clear().limit(length);
                expectedBuffer.clear().limit(length);
                image.read(offset, actualBuffer);
                while (expectedBuffer.hasRemaining()) {
                    expected.read(expectedBuffer, offset + expectedBuffer.position());
                }
                int mismatch = actualBuffer.flip().mismatch(expectedBuffer.flip());
                if (mismatch >= 0) {
                    throw new AssertionError("content differs at guest offset " + (offset + mismatch));
                }
            }
            long offset = 0;
            while (offset < image.virtualSize()) {
                var extent = image.extent(offset, image.virtualSize() - offset);
                if (extent.offset() != offset || extent.length() <= 0) {
                    throw new AssertionError("extent " + extent + " does not start at " + offset);
                }
                if (extent.zero()) {
                    assertZero(expected, extent.offset(), extent.length());
                }
                offset = extent.end();
            }
        }
    }

    private static void assertZero(FileChannel raw, long offset, long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long done = 0; done < length;) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            raw.read(buffer, offset + done);
            buffer.flip();
            while (buffer.hasRemaining()) {
                if (buffer.get() != 0) {
                    throw new AssertionError("extent at " + offset + " reported zero, but guest offset "
                            + (offset + done + buffer.position() - 1) + " is not");
                }
            }
            done += buffer.limit();
        }
    }
}
