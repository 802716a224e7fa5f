package dev.ferry.disk;

/**
 * A run of guest bytes of one kind. {@code zero} means the image states that the run reads as zeros (unallocated
 * without backing, or explicitly zeroed), so a converter need neither read nor write it.
 */
public record Extent(long offset, long length, boolean zero) {

    public Extent {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("extent needs offset >= 0 and length > 0, got " + offset + "+" + length);
        }
    }

    public static Extent data(long offset, long length) {
        return new Extent(offset, length, false);
    }

    public static Extent zeros(long offset, long length) {
        return new Extent(offset, length, true);
    }

    public long end() {
        return offset + length;
    }
}
