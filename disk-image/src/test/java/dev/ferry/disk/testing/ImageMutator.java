package dev.ferry.disk.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Damages an image as the fuzzer directs: values written into its metadata (extreme ones often), the file cut short,
 * blocks copied over others (overlapping and cyclic tables). Mutations land in the ranges given as hot (headers,
 * tables), so that fuzzing spends its time where parsers are, not in guest data.
 */
public final class ImageMutator {

    /** A range of the file worth damaging. */
    public record Region(long offset, long length) {
    }

    private static final int MAX_MUTATIONS = 8;
    private static final long[] EXTREMES = { 0, 1, -1, 2, 3, 7, 0x7f, 0x80, 0xff, 0x100, 0x1ff, 0x200, 0x7fff, 0x8000,
            0xffff, 0x10000, 0x7fffffff, 0x80000000L, 0xffffffffL, 1L << 32, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE,
            512, 4096, 65536, 1 << 20, 1 << 21, 1 << 30 };

    private ImageMutator() {
    }

    /** Applies up to eight mutations chosen by {@code data} to {@code bytes}; integers in {@code order} mostly. */
    public static void mutate(PatchedBytes bytes, List<Region> hot, ByteOrder order, FuzzedDataProvider data) {
        int count = data.consumeInt(0, MAX_MUTATIONS);
        for (int i = 0; i < count && bytes.size() > 0; i++) {
            long at = pick(bytes, hot, data);
            switch (data.consumeInt(0, 4)) {
                case 0 -> bytes.write(at, new byte[] { data.consumeByte() });
                case 1, 2 -> {
                    int width = 1 << data.consumeInt(1, 3);
                    long value = data.consumeBoolean() ? EXTREMES[data.consumeInt(0, EXTREMES.length - 1)]
                            : data.consumeLong();
                    ByteBuffer field = ByteBuffer.allocate(8).order(data.consumeInt(0, 7) == 0 ? swap(order) : order);
                    switch (width) {
                        case 2 -> field.putShort((short) value);
                        case 4 -> field.putInt((int) value);
                        default -> field.putLong(value);
                    }
                    byte[] written = new byte[width];
                    field.flip().get(written);
                    bytes.write(at, written);
                }
                case 3 -> bytes.resize(at);
                default -> {
                    long from = pick(bytes, hot, data);
                    int length = data.consumeInt(1, 4096);
                    bytes.write(at, bytes.read(from, length));
                }
            }
        }
    }

    private static long pick(PatchedBytes bytes, List<Region> hot, FuzzedDataProvider data) {
        Region region = hot.get(data.consumeInt(0, hot.size() - 1));
        long end = Math.min(bytes.size(), region.offset() + region.length());
        if (end <= region.offset()) {
            return data.consumeLong(0, Math.max(0, bytes.size() - 1));
        }
        return data.consumeLong(region.offset(), end - 1);
    }

    private static ByteOrder swap(ByteOrder order) {
        return order == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }
}
