package dev.ferry.disk.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds deterministic raw disks with the kinds of content converters trip over: random (incompressible) data,
 * text-like (compressible) data and zeros, in extents that need not align to any block size. The raw file is the
 * ground truth that converted images are compared with.
 */
public final class SyntheticDisk {

    /** What an extent holds. */
    public enum Content {
        RANDOM,
        TEXT,
        ZERO
    }

    /** One run of content in the disk. */
    public record Span(long offset, long length, Content content) {
    }

    private static final byte[] WORDS = ("the quick brown fox jumps over the lazy dog; Ferry moves servers from VMware "
            + "and physical hosts to Hyper-V and KVM. lorem ipsum dolor sit amet consectetur adipiscing elit\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final long size;
    private final List<Span> spans = new ArrayList<>();

    private SyntheticDisk(long size) {
        this.size = size;
    }

    /** A disk of {@code size} bytes that is all zeros until spans are added. */
    public static SyntheticDisk ofSize(long size) {
        return new SyntheticDisk(size);
    }

    public SyntheticDisk with(long offset, long length, Content content) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IllegalArgumentException("span " + offset + "+" + length + " outside disk of " + size);
        }
        spans.add(new Span(offset, length, content));
        return this;
    }

    /**
     * A scattered mix: extents of {@code minExtent}..{@code maxExtent} bytes (unaligned), where about
     * {@code randomShare} of the disk is random data, {@code textShare} text-like, and the rest zeros.
     */
    public static SyntheticDisk scattered(long size, long seed, double randomShare, double textShare, long minExtent,
            long maxExtent) {
        SyntheticDisk disk = new SyntheticDisk(size);
        SplittableRandom random = new SplittableRandom(seed);
        long offset = 0;
        while (offset < size) {
            long length = Math.min(size - offset, random.nextLong(minExtent, maxExtent + 1));
            double pick = random.nextDouble();
            Content content = pick < randomShare ? Content.RANDOM
                    : pick < randomShare + textShare ? Content.TEXT : Content.ZERO;
            if (content != Content.ZERO) {
                disk.with(offset, length, content);
            }
            offset += length;
        }
        return disk;
    }

    public long size() {
        return size;
    }

    public List<Span> spans() {
        return List.copyOf(spans);
    }

    /** Writes the disk as a sparse raw file (zeros are holes) and returns it. */
    public Path writeRaw(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            for (Span span : spans) {
                SplittableRandom random = new SplittableRandom(span.offset() * 31 + span.length());
                long written = 0;
                while (written < span.length()) {
                    buffer.clear();
                    int count = (int) Math.min(buffer.capacity(), span.length() - written);
                    fill(buffer, count, span.content(), random, span.offset() + written);
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        written += channel.write(buffer, span.offset() + written);
                    }
                }
            }
            if (channel.size() < size) {
                // Extend with a hole: writing one zero byte at the end sets the length without allocating.
                channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        }
        return file;
    }

    private static void fill(ByteBuffer buffer, int count, Content content, SplittableRandom random, long position) {
        switch (content) {
            case RANDOM -> {
                int i = 0;
                for (; i + Long.BYTES <= count; i += Long.BYTES) {
                    buffer.putLong(random.nextLong());
                }
                for (; i < count; i++) {
                    buffer.put((byte) random.nextInt(1, 256));
                }
            }
            case TEXT -> {
                for (int i = 0; i < count; i++) {
                    buffer.put(WORDS[(int) ((position + i) % WORDS.length)]);
                }
            }
            case ZERO -> {
                for (int i = 0; i < count; i++) {
                    buffer.put((byte) 0);
                }
            }
        }
    }
}
